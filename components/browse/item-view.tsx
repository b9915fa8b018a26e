"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { itemQuery } from "@/lib/client/queries/items";
import type { ItemDetail } from "@/lib/shared/browse";

const num = (v: number | null, digits = 3) => (v === null ? "–" : Number.isInteger(v) ? String(v) : v.toFixed(digits));

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

/** One item for researchers: its text and metadata, scores and decision, audit stratum and every label. */
export function ItemView({ projectId, itemId }: { projectId: string; itemId: number }) {
  const q = useQuery(itemQuery(projectId, itemId));
  if (q.error) return <p role="alert" className="text-red-700">{q.error.message}</p>;
  if (!q.data) return <p className="text-slate-500">Loading…</p>;
  const it = q.data;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">
          Item <span className="font-mono">{it.externalId}</span>
        </h1>
        <Link className="btn" href={`/projects/${projectId}/items`}>
          Back to items
        </Link>
      </div>
      {it.adjudication && (
        <p role="status" data-testid="item-adjudication" className="rounded border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900">
          Final label <strong><bdi>{it.adjudication.value}</bdi></strong>, adjudicated by <bdi>{it.adjudication.by}</bdi> on{" "}
          {new Date(it.adjudication.createdAt).toLocaleString()}; it overrides {it.adjudication.overrides.length} label
          {it.adjudication.overrides.length === 1 ? "" : "s"}.
        </p>
      )}
      {it.textChangedAfterLabel && (
        <p role="status" className="rounded border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800">
          The text changed after it was labeled (now version {it.textVersion}
          {it.textChangedAt ? `, changed ${new Date(it.textChangedAt).toLocaleString()}` : ""}): some labels judged an older text.
        </p>
      )}
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="sr-only">Text</h2>
        <p dir="auto" data-testid="item-text" className="whitespace-pre-wrap break-words text-lg">
          {it.text}
        </p>
        {it.meta && <Meta meta={it.meta} />}
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-lg font-medium">Model</h2>
        <dl className="mt-3 grid grid-cols-2 gap-4 text-sm sm:grid-cols-4 lg:grid-cols-8">
          <Fact label="Score">{num(it.score)}</Fact>
          <Fact label="q">{num(it.q)}</Fact>
          <Fact label="τ">{it.threshold}</Fact>
          <Fact label="Decision">{it.decision ?? "–"}</Fact>
          <Fact label="Priority">{num(it.priority)}</Fact>
          <Fact label="Audit stratum">{it.auditStratum ?? "–"}</Fact>
          <Fact label="Status">{it.status}</Fact>
          <Fact label="Text version">{it.textVersion}</Fact>
        </dl>
      </section>
      <Labels item={it} />
    </div>
  );
}

function Meta({ meta }: { meta: Record<string, unknown> }) {
  return (
    <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-1 border-t border-slate-100 pt-3 text-sm sm:grid-cols-2" aria-label="Metadata">
      {Object.entries(meta).map(([k, v]) => (
        <div key={k} className="flex gap-2">
          <dt className="text-slate-500">{k}</dt>
          <dd className="break-all font-mono">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Labels({ item }: { item: ItemDetail }) {
  const live = item.labels.filter((l) => !l.deletedAt).length;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 className="text-lg font-medium">
        Labels · {live}
        {item.finalLabel ? ` · final ${item.finalLabel}` : ""}
        {item.disputed ? " · disputed" : ""}
      </h2>
      {item.labels.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No labels yet.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm [&_td]:pr-3 [&_th]:pr-3" aria-label="Labels">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1">Label</th>
              <th>Labeler</th>
              <th>Time</th>
              <th>Stream</th>
              <th>π</th>
              <th>Model version</th>
              <th>q at label</th>
              <th>Text version</th>
            </tr>
          </thead>
          <tbody>
            {item.labels.map((l) => (
              <tr key={l.id} className={`border-t border-slate-100 ${l.deletedAt ? "text-slate-400 line-through" : ""}`}>
                <td className="py-1 font-medium">
                  {l.value}
                  {l.deletedAt && <span className="sr-only"> (undone)</span>}
                </td>
                <td>{l.labeler.name ? `${l.labeler.name} <${l.labeler.email}>` : l.labeler.email}</td>
                <td>{new Date(l.createdAt).toLocaleString()}</td>
                <td>
                  {l.stream}
                  {l.auditStratum !== null ? ` (stratum ${l.auditStratum})` : ""}
                </td>
                <td>{l.inclusionProbability === null ? "–" : l.inclusionProbability.toPrecision(3)}</td>
                <td>{l.modelVersion ?? "–"}</td>
                <td>{num(l.qAtLabel)}</td>
                <td>
                  {l.textVersion}
                  {l.textVersion < item.textVersion && <span className="ml-1 rounded bg-rose-100 px-1 text-rose-800">older text</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}
