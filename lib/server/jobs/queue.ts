import "server-only";
import { randomUUID } from "node:crypto";
import { skipLocked, sql } from "../db/client";
import { sqlTime, type SqlExec } from "../db/sql";

export type JobKind = "retrain";
export type JobStatus = "queued" | "running" | "done" | "failed";

export interface JobRow {
  id: string;
  projectId: string;
  kind: JobKind;
  status: JobStatus;
  progress: number;
  message: string | null;
  error: string | null;
  attempts: number;
  payload: string | null;
  result: string | null;
  runAfter: string;
  leasedUntil: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const MAX_ATTEMPTS = 3;
/**
 * How long a claim holds without a heartbeat. Short, so a job whose worker was killed runs again within seconds;
 * the worker renews it every JOB_HEARTBEAT_MS while the job runs (worker.ts), whatever the job is doing.
 */
export const JOB_LEASE_MS = 15_000;
export const JOB_HEARTBEAT_MS = 5_000;
const LEASE_MS = JOB_LEASE_MS;

/** The worker lost its claim on a job (its lease expired and another worker took it over): stop, write nothing. */
export class JobLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId}: lease lost to another worker`);
  }
}

/**
 * Queues a job unless one of the same kind is already waiting for the project (a waiting retrain will see every
 * label that arrives before it starts). Returns the waiting or new job's id.
 */
export async function enqueueJob(projectId: string, kind: JobKind, payload?: unknown, t?: SqlExec, now = new Date()): Promise<string> {
  const run = async (x: SqlExec) => {
    const waiting = await x.get<{ id: string }>(
      `SELECT id FROM "Job" WHERE "projectId" = ? AND kind = ? AND status = 'queued' ORDER BY "createdAt" LIMIT 1`,
      [projectId, kind],
    );
    if (waiting) return waiting.id;
    const id = randomUUID();
    const ts = sqlTime(now);
    await x.run(
      `INSERT INTO "Job" (id, "projectId", kind, status, progress, attempts, payload, "runAfter", "createdAt")
       VALUES (?, ?, ?, 'queued', 0, 0, ?, ?, ?)`,
      [id, projectId, kind, payload === undefined ? null : JSON.stringify(payload), ts, ts],
    );
    return id;
  };
  return t ? run(t) : sql().tx(run);
}

/**
 * Claims the oldest runnable job: queued and due, or running with an expired lease (its worker died).
 * One statement, so two workers never claim the same job.
 */
export async function claimJob(now = new Date()): Promise<JobRow | null> {
  const ts = sqlTime(now);
  const until = sqlTime(new Date(now.getTime() + LEASE_MS));
  const rows = await sql().all<JobRow>(
    `UPDATE "Job" SET status = 'running', attempts = attempts + 1, "leasedUntil" = ?, "startedAt" = ?, error = NULL
     WHERE id = (SELECT id FROM "Job"
                 WHERE (status = 'queued' AND "runAfter" <= ?) OR (status = 'running' AND "leasedUntil" < ?)
                 ORDER BY "runAfter", "createdAt" LIMIT 1${skipLocked()})
     RETURNING *`,
    [until, ts, ts, ts],
  );
  return rows[0] ?? null;
}

/**
 * Reports progress (0..1; null keeps the last) and extends the lease; the UI polls this. Fenced by the claim's
 * attempt number: throws JobLostError when the job was reclaimed by another worker meanwhile.
 */
export async function heartbeat(
  job: Pick<JobRow, "id" | "attempts">,
  progress: number | null,
  message: string | null,
  now = new Date(),
): Promise<void> {
  const r = await sql().run(
    `UPDATE "Job" SET progress = coalesce(?, progress), message = coalesce(?, message), "leasedUntil" = ?
     WHERE id = ? AND status = 'running' AND attempts = ?`,
    [progress, message, sqlTime(new Date(now.getTime() + LEASE_MS)), job.id, job.attempts],
  );
  if (r.changes === 0) throw new JobLostError(job.id);
}

/** Marks the job done with its result, unless another worker reclaimed it (then nothing changes). */
export async function completeJob(job: Pick<JobRow, "id" | "attempts">, result: unknown, now = new Date()): Promise<void> {
  await sql().run(
    `UPDATE "Job" SET status = 'done', progress = 1, message = 'done', result = ?, "finishedAt" = ?, "leasedUntil" = NULL
     WHERE id = ? AND status = 'running' AND attempts = ?`,
    [JSON.stringify(result ?? null), sqlTime(now), job.id, job.attempts],
  );
}

/** A failure is retried with exponential backoff (5 s, 20 s); after MAX_ATTEMPTS the job fails and shows its error. */
export async function failJob(job: Pick<JobRow, "id" | "attempts">, error: string, now = new Date()): Promise<JobStatus> {
  const final = job.attempts >= MAX_ATTEMPTS;
  const runAfter = new Date(now.getTime() + 5_000 * 4 ** (job.attempts - 1));
  await sql().run(
    `UPDATE "Job" SET status = ?, error = ?, "runAfter" = ?, "leasedUntil" = NULL, "finishedAt" = ?
     WHERE id = ? AND status = 'running' AND attempts = ?`,
    [final ? "failed" : "queued", error.slice(0, 2000), sqlTime(runAfter), final ? sqlTime(now) : null, job.id, job.attempts],
  );
  return final ? "failed" : "queued";
}

export async function latestJob(projectId: string, kind: JobKind): Promise<JobRow | null> {
  return (
    (await sql().get<JobRow>(`SELECT * FROM "Job" WHERE "projectId" = ? AND kind = ? ORDER BY "createdAt" DESC LIMIT 1`, [projectId, kind])) ?? null
  );
}
