import "server-only";
import { claimJob, completeJob, failJob, heartbeat, type JobRow } from "./queue";
import { retrainProject } from "./retrain";

/** Claims and runs one job; false when none is due. Failures are retried with backoff, then shown. */
export async function runOneJob(log: (msg: string) => void = () => {}): Promise<JobRow | null> {
  const job = await claimJob();
  if (!job) return null;
  log(`job ${job.id} (${job.kind}, project ${job.projectId}) attempt ${job.attempts}`);
  try {
    const result = await retrainProject(job.projectId, (p, m) => heartbeat(job.id, p, m));
    await completeJob(job.id, result);
    log(`job ${job.id} done: ${JSON.stringify(result)}`);
  } catch (e) {
    const status = await failJob(job, (e as Error).stack ?? String(e));
    log(`job ${job.id} failed (${status}): ${(e as Error).message}`);
  }
  return job;
}

/** Runs jobs until `signal` aborts, polling every `idleMs` when there is nothing to do. */
export async function workLoop(signal: AbortSignal, log: (msg: string) => void, idleMs = 1000): Promise<void> {
  while (!signal.aborted) {
    const job = await runOneJob(log).catch((e: unknown) => {
      log(`worker error: ${(e as Error).message}`);
      return null;
    });
    if (!job) await new Promise((r) => setTimeout(r, idleMs));
  }
}
