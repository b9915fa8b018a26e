"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { projectQuery, useUpdateProject, type ProjectHeader } from "@/lib/client/queries/projects";
import { statsQuery } from "@/lib/client/queries/stats";
import { STRATEGY_NAMES, type StrategyName } from "@/lib/shared/schemas";
import type { StatsView } from "@/lib/shared/types";
import { ImportPanel } from "./import-panel";
import { ScoreHistogram } from "./score-histogram";
import { ModelPanel } from "./model-panel";
import { ThresholdDesk } from "./threshold-desk";
import { ReliabilityPanel } from "./reliability-panel";
import { LabelersPanel } from "./labelers-panel";
import { EstimateHistory } from "./estimate-history";
import { TeamPanel } from "./team-panel";
import { DangerZone } from "./danger-zone";

export function ProjectOverview({ projectId }: { projectId: string }) {
  const project = useQuery(projectQuery(projectId));
  const stats = useQuery(statsQuery(projectId, 5_000));
  if (project.error) return <p role="alert" className="text-red-700">{project.error.message}</p>;
  if (!project.data) return <p className="text-slate-500">Loading…</p>;
  const p = project.data;
  const st = stats.data as StatsView | undefined;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">
            {p.name}
            {p.archivedAt && <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 align-middle text-xs font-medium text-slate-700">archived</span>}
          </h1>
          <p className="text-sm text-slate-600">
            Decide <b>{p.positiveLabel}</b> when P({p.positiveLabel}) ≥ {p.threshold}; otherwise <b>{p.negativeLabel}</b>.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link className="btn" href={`/projects/${p.id}/items`}>
            Browse items
          </Link>
          <Link className="btn" href={`/projects/${p.id}/review`}>Review</Link>
          <Link className="btn" href={`/projects/${p.id}/guidelines`}>Guidelines</Link>
          <Link className="btn-primary" href={`/projects/${p.id}/label`}>
            Start labeling
          </Link>
        </div>
      </div>

      {st && (
        <section className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="stats">
          <Stat label="Items" value={st.items} />
          <Stat label="Labeled" value={st.labeled} />
          <Stat label="Skipped" value={st.skipped} />
          <Stat label={`Decided ${p.positiveLabel}`} value={st.decisions.positive} />
          <Stat label={`Decided ${p.negativeLabel}`} value={st.decisions.negative} />
        </section>
      )}
      {st && st.items > 0 && (
        <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 className="text-lg font-medium">Pool by calibrated probability</h2>
          <ScoreHistogram histogram={st.histogram} threshold={p.threshold ?? 0.5} positive={p.positiveLabel} negative={p.negativeLabel} />
        </section>
      )}

      {st && st.items > 0 && p.threshold !== undefined && (
        <ThresholdDesk projectId={p.id} saved={p.threshold} positive={p.positiveLabel} negative={p.negativeLabel} />
      )}
      <ModelPanel projectId={p.id} stats={st} />
      {st && st.items > 0 && <ReliabilityPanel projectId={p.id} />}
      {st && st.items > 0 && <EstimateHistory projectId={p.id} />}
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <ImportPanel projectId={p.id} />
        <ExportPanel projectId={p.id} />
      </div>
      <Settings key={p.updatedAt ?? ""} project={p} />
      <TeamPanel projectId={p.id} canManage={p.role === "admin"} />
      {p.role === "admin" && <DangerZone project={p} />}
      {st && st.labelers.length > 0 && <LabelersPanel projectId={p.id} />}
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="text-xs text-slate-500">{label}</div>
      <div className="text-2xl font-semibold tabular-nums">{value.toLocaleString()}</div>
    </div>
  );
}

function ExportPanel({ projectId }: { projectId: string }) {
  const link = (what: string, format: string) => `/api/v1/projects/${projectId}/export?what=${what}&format=${format}`;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 className="text-lg font-medium">Export</h2>
      <p className="mt-1 text-sm text-slate-600">
        Labels carry labeler, time, stream, inclusion probability and model version; decisions cover every item with its final
        human label (adjudicated, else majority) and the final decision (that label, else the model&apos;s). CSV is plain
        UTF-8 with exact values (pandas, R); CSV for Excel adds a byte-order mark so Excel reads accents right.
      </p>
      <div className="mt-4 grid grid-cols-3 gap-2">
        <a className="btn text-center" href={link("labels", "jsonl")} download>Labels · JSONL</a>
        <a className="btn text-center" href={link("labels", "csv")} download>Labels · CSV</a>
        <a className="btn text-center" href={link("labels", "csv-excel")} download>Labels · CSV for Excel</a>
        <a className="btn text-center" href={link("decisions", "jsonl")} download>Decisions · JSONL</a>
        <a className="btn text-center" href={link("decisions", "csv")} download>Decisions · CSV</a>
        <a className="btn text-center" href={link("decisions", "csv-excel")} download>Decisions · CSV for Excel</a>
        <a className="btn text-center" href={link("labels", "labelstudio")} download>Label Studio · JSON</a>
        <a className="btn text-center" href={link("labels", "prodigy")} download>Prodigy · JSONL</a>
        <a className="btn text-center" href={link("items", "jsonl")} download>Items with text · JSONL</a>
        <a className="btn text-center" href={link("items", "csv")} download>Items with text · CSV</a>
        <a className="btn text-center" href={link("items", "csv-excel")} download>Items with text · CSV for Excel</a>
      </div>
    </section>
  );
}

function Settings({ project }: { project: ProjectHeader }) {
  const update = useUpdateProject(project.id);
  const [f, setF] = useState(() => ({
    name: project.name,
    positiveLabel: project.positiveLabel,
    negativeLabel: project.negativeLabel,
    threshold: String(project.threshold ?? ""),
    strategy: (project.strategy ?? "edv") as StrategyName,
    labelsPerItem: String(project.labelsPerItem ?? 1),
    auditFraction: String(project.auditFraction ?? 0.1),
    retrainEvery: String(project.retrainEvery ?? 25),
  }));
  const [showMeta, setShowMeta] = useState(project.showMeta ?? false);
  const [saved, setSaved] = useState(false);
  const field = (k: keyof typeof f, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="text-sm">
      {label}
      <input className="input" value={f[k]} onChange={(e) => { setF({ ...f, [k]: e.target.value }); setSaved(false); }} required {...props} />
    </label>
  );
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 className="text-lg font-medium">Settings</h2>
      <form
        className="mt-4 grid gap-4 sm:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate(
            {
              name: f.name,
              positiveLabel: f.positiveLabel,
              negativeLabel: f.negativeLabel,
              threshold: Number(f.threshold),
              strategy: f.strategy,
              labelsPerItem: Number(f.labelsPerItem),
              auditFraction: Number(f.auditFraction),
              retrainEvery: Number(f.retrainEvery),
              showMeta,
            },
            { onSuccess: () => setSaved(true) },
          );
        }}
      >
        <div className="sm:col-span-2">{field("name", "Name")}</div>
        {field("positiveLabel", "Positive label")}
        {field("negativeLabel", "Negative label")}
        {field("threshold", "Threshold τ", { type: "number", step: "any", min: 0, max: 1 })}
        <label className="text-sm">
          Strategy
          <select className="input" value={f.strategy} onChange={(e) => { setF({ ...f, strategy: e.target.value as StrategyName }); setSaved(false); }}>
            {STRATEGY_NAMES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        {field("labelsPerItem", "Labels per item", { type: "number", min: 1, max: 10 })}
        {field("auditFraction", "Audit fraction", { type: "number", step: "any", min: 0, max: 1 })}
        {field("retrainEvery", "Retrain every N labels", { type: "number", min: 1 })}
        <label className="flex items-center gap-2 text-sm sm:col-span-4">
          <input type="checkbox" checked={showMeta} onChange={(e) => { setShowMeta(e.target.checked); setSaved(false); }} />
          Show item metadata to labelers (off: metadata such as a score can bias a label)
        </label>
        <div className="flex items-center gap-3 sm:col-span-4">
          <button className="btn-primary" disabled={update.isPending}>{update.isPending ? "Saving…" : "Save settings"}</button>
          {saved && <span className="text-sm text-emerald-700">Saved; decisions and queue order updated.</span>}
          {update.error && <span role="alert" className="text-sm text-red-700">{update.error.message}</span>}
        </div>
      </form>
    </section>
  );
}
