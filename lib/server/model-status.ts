import "server-only";
import { sql } from "./db/client";
import { enqueueJob, latestJob, type JobRow } from "./jobs/queue";
import { getProject } from "./projects";
import type { JobView, ModelView } from "@/lib/shared/types";

export type { JobView, ModelView };

const iso = (s: string | null) => (s ? new Date(s).toISOString() : null);

function jobView(j: JobRow): JobView {
  return {
    id: j.id,
    status: j.status,
    progress: j.progress,
    message: j.message,
    error: j.error ? j.error.split("\n")[0]! : null,
    attempts: j.attempts,
    createdAt: iso(j.createdAt)!,
    startedAt: iso(j.startedAt),
    finishedAt: iso(j.finishedAt),
    result: j.result ? JSON.parse(j.result) : null,
  };
}

export async function liveModel(projectId: string, version: number): Promise<ModelView> {
  const m = await sql().get<{ kind: string; name: string | null; createdAt: string; labelsUsed: number; metrics: string | null }>(
    `SELECT kind, name, "createdAt", "labelsUsed", metrics FROM "ModelVersion" WHERE "projectId" = ? AND version = ?`,
    [projectId, version],
  );
  return {
    version,
    kind: m?.kind ?? (version === 0 ? "prior" : null),
    name: m?.name ?? null,
    trainedAt: iso(m?.createdAt ?? null),
    labelsUsed: m?.labelsUsed ?? 0,
    metrics: m?.metrics ? (JSON.parse(m.metrics) as Record<string, unknown>) : null,
  };
}

export async function retrainStatus(projectId: string): Promise<{ job: JobView | null; model: ModelView }> {
  const p = await getProject(projectId);
  const job = await latestJob(projectId, "retrain");
  return { job: job ? jobView(job) : null, model: await liveModel(projectId, p.modelVersion) };
}

export async function requestRetrain(projectId: string): Promise<{ jobId: string }> {
  return { jobId: await enqueueJob(projectId, "retrain", { reason: "requested" }) };
}
