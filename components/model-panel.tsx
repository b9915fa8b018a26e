"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { retrainQuery, useRetrain } from "@/lib/client/queries/model";
import type { StatsView } from "@/lib/shared/types";

const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString() : v.toFixed(1));

/** The live model, the retrain job's progress or error, and the audit estimate of what is still wrong. */
export function ModelPanel({ projectId, stats }: { projectId: string; stats: StatsView | undefined }) {
  const qc = useQueryClient();
  const retrain = useQuery(retrainQuery(projectId));
  const trigger = useRetrain(projectId);
  const job = retrain.data?.job;
  const model = retrain.data?.model;
  const busy = job && (job.status === "queued" || job.status === "running");
  const lastVersion = useRef<number | undefined>(undefined);
  useEffect(() => {
    // A new model version changes decisions and the histogram: refresh the project's stats.
    if (model && lastVersion.current !== undefined && model.version !== lastVersion.current) {
      void qc.invalidateQueries({ queryKey: ["projects", projectId, "stats"] });
      void qc.invalidateQueries({ queryKey: ["projects", projectId, "thresholds"] });
    }
    lastVersion.current = model?.version;
  }, [model, projectId, qc]);
  const e = stats?.estimates;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="model-panel">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 className="text-lg font-medium">Decision model</h2>
          <p className="mt-1 text-sm text-slate-600" data-testid="model-version">
            {model ? (
              model.version === 0 ? (
                "Version 0: the imported scores, uncalibrated."
              ) : (
                <>
                  Version {model.version} ({model.kind}
                  {model.name ? ` “${model.name}”` : ""}), {model.labelsUsed.toLocaleString()} labels
                  {model.trainedAt ? `, ${new Date(model.trainedAt).toLocaleTimeString()}` : ""}.
                </>
              )
            ) : (
              "…"
            )}
          </p>
        </div>
        <button className="btn" onClick={() => trigger.mutate()} disabled={!!busy || trigger.isPending}>
          {busy ? "Retraining…" : "Retrain now"}
        </button>
      </div>
      {stats?.coldStart && (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="cold-start">
          Cold start: the pool has no scores, so labelers get random and audit draws until both labels have been seen;
          then the model trains and the queue switches to the strategy.
        </p>
      )}
      {job && busy && (
        <div className="mt-4" role="progressbar" aria-valuenow={Math.round(job.progress * 100)} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-2 w-full overflow-hidden rounded bg-slate-200">
            <div className="h-2 bg-sky-500 transition-all" style={{ width: `${Math.max(2, job.progress * 100)}%` }} />
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {job.status === "queued" ? "Waiting for the worker…" : `${job.message ?? "working"} (${Math.round(job.progress * 100)}%)`}
            {job.attempts > 1 ? ` · attempt ${job.attempts}` : ""}
          </p>
        </div>
      )}
      {job?.status === "queued" && job.error && (
        <p role="alert" className="mt-2 text-sm text-amber-700">Last attempt failed, retrying: {job.error}</p>
      )}
      {job?.status === "failed" && (
        <p role="alert" className="mt-3 text-sm text-red-700" data-testid="job-error">
          Retrain failed after {job.attempts} attempts: {job.error}
        </p>
      )}
      {job?.status === "done" && job.result && (
        <p className="mt-2 text-xs text-slate-500">
          Last retrain: {job.result.decisionsChanged ?? 0} decisions changed, {job.result.seconds?.toFixed(1)} s.
        </p>
      )}
      <div className="mt-5">
        <h3 className="text-sm font-medium">
          Errors still in the decisions ({e?.source === "active" ? "from every label" : "audit estimate"}, 95% interval)
        </h3>
        {e ? (
          <dl className="mt-2 grid grid-cols-3 gap-3 text-sm" data-testid="estimates">
            <Est label="False positives" v={e.falsePositives} />
            <Est label="False negatives" v={e.falseNegatives} />
            <Est label="Error rate" v={{ value: e.errorRate.value * 100, low: e.errorRate.low * 100, high: e.errorRate.high * 100 }} unit="%" />
            {e.source === "active" ? (
              <p className="col-span-3 text-xs text-slate-500" data-testid="estimate-basis">
                From {e.labels} labels ({e.auditLabels} random draws with known inclusion probabilities, the rest counted
                exactly); effective sample size {Math.round(e.effectiveSampleSize ?? 0)}
                {e.modelBound ? "; the width is set by the model's predicted variance" : ""}; {Math.round((e.skipShare ?? 0) * 100)}% of the
                rounds&apos; planned items only skipped.
              </p>
            ) : (
            <p className="col-span-3 text-xs text-slate-500">
              From {e.auditLabels} audit labels (stratified random draws with known inclusion probabilities)
              {e.imputedShare > 0 ? `; ${Math.round(e.imputedShare * 100)}% of the pool lies in strata without labels yet (model-based there)` : ""}.
            </p>
            )}
          </dl>
        ) : (
          <p className="mt-2 text-sm text-slate-500">Appears after the first retrain, as audit labels arrive.</p>
        )}
      </div>
    </section>
  );
}

function Est({ label, v, unit = "" }: { label: string; v: { value: number; low: number; high: number }; unit?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">
        {fmt(v.value)}
        {unit}
      </dd>
      <dd className="text-xs text-slate-500 tabular-nums">
        {fmt(v.low)}–{fmt(v.high)}
        {unit}
      </dd>
    </div>
  );
}
