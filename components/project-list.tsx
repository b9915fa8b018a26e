"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { projectsQuery, useCreateProject } from "@/lib/client/queries/projects";
import { DEFAULT_STRATEGY_NAME, STRATEGY_NAMES, type StrategyName } from "@/lib/shared/schemas";

export function ProjectList() {
  const projects = useQuery(projectsQuery());
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState("");
  const needle = search.trim().toLowerCase();
  const shown = projects.data?.filter((p) => !needle || p.name.toLowerCase().includes(needle));
  return (
    <section>
      <div className="mb-6 flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Projects</h1>
        <button className="btn-primary" onClick={() => setCreating((c) => !c)}>
          {creating ? "Cancel" : "New project"}
        </button>
      </div>
      {creating && <CreateProjectForm onDone={() => setCreating(false)} />}
      {projects.isPending && <p className="text-slate-500">Loading…</p>}
      {projects.error && <p role="alert" className="text-red-700">{projects.error.message}</p>}
      {projects.data?.length === 0 && <p className="text-slate-500">No projects yet: create one, then import a pool.</p>}
      {projects.data && projects.data.length > 0 && (
        <input
          className="input mb-4 max-w-sm"
          type="search"
          placeholder="Search projects"
          aria-label="Search projects"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      )}
      {shown?.length === 0 && projects.data!.length > 0 && <p className="text-slate-500">No project name contains “{search}”.</p>}
      <ul className="grid gap-3 sm:grid-cols-2">
        {shown?.map((p) => (
          <li key={p.id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <div className="flex items-start justify-between">
              <div>
                <h2 className="text-lg font-medium">
                  {p.name}
                  {p.archivedAt && <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 align-middle text-xs font-medium text-slate-700">archived</span>}
                </h2>
                <p className="mt-1 text-sm text-slate-600">
                  {p.threshold === undefined ? `${p.positiveLabel} / ${p.negativeLabel}` : `${p.positiveLabel} if P ≥ ${p.threshold} · ${p.strategy}`} · {p.role}
                </p>
              </div>
            </div>
            {p.progress && <Progress {...p.progress} />}
            <div className="mt-4 flex gap-2">
              <Link className="btn-primary" href={`/projects/${p.id}/label`}>
                Label
              </Link>
              {p.role !== "labeler" && (
                <Link className="btn" href={`/projects/${p.id}`}>
                  Overview
                </Link>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CreateProjectForm({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const create = useCreateProject();
  const [f, setF] = useState({ name: "", positiveLabel: "unsafe", negativeLabel: "safe", threshold: "0.5", strategy: DEFAULT_STRATEGY_NAME as StrategyName });
  return (
    <form
      className="mb-8 grid gap-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { name: f.name, positiveLabel: f.positiveLabel, negativeLabel: f.negativeLabel, threshold: Number(f.threshold), strategy: f.strategy },
          {
            onSuccess: (p) => {
              onDone();
              router.push(`/projects/${p.id}`);
            },
          },
        );
      }}
    >
      <label className="text-sm sm:col-span-2">
        Name
        <input className="input" required value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} autoFocus />
      </label>
      <label className="text-sm">
        Positive label (what P(positive) is about)
        <input className="input" required value={f.positiveLabel} onChange={(e) => setF({ ...f, positiveLabel: e.target.value })} />
      </label>
      <label className="text-sm">
        Negative label
        <input className="input" required value={f.negativeLabel} onChange={(e) => setF({ ...f, negativeLabel: e.target.value })} />
      </label>
      <label className="text-sm">
        Threshold τ: decide positive when P ≥ τ
        <input className="input" required type="number" step="any" min="0" max="1" value={f.threshold} onChange={(e) => setF({ ...f, threshold: e.target.value })} />
      </label>
      <label className="text-sm">
        Strategy
        <select className="input" value={f.strategy} onChange={(e) => setF({ ...f, strategy: e.target.value as StrategyName })}>
          {STRATEGY_NAMES.map((s) => (
            <option key={s} value={s}>
              {s}
              {s === DEFAULT_STRATEGY_NAME ? " (default)" : ""}
            </option>
          ))}
        </select>
      </label>
      {create.error && <p role="alert" className="text-sm text-red-700 sm:col-span-2">{create.error.message}</p>}
      <div className="sm:col-span-2">
        <button className="btn-primary" disabled={create.isPending}>
          Create project
        </button>
      </div>
    </form>
  );
}

/** Labeled items out of the pool, as a bar and as figures. */
function Progress({ items, labeled }: { items: number; labeled: number }) {
  const pct = items ? (100 * labeled) / items : 0;
  return (
    <div className="mt-3" data-testid="project-progress">
      <div className="h-1.5 w-full overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={items} aria-valuenow={labeled} aria-label="Labeled items">
        <div className="h-full bg-emerald-500" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-500">
        {labeled.toLocaleString()} of {items.toLocaleString()} labeled{items ? ` (${pct < 1 && labeled > 0 ? "<1" : Math.round(pct)}%)` : ""}
      </p>
    </div>
  );
}
