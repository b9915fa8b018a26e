import "server-only";
import { claimJob, completeJob, failJob, heartbeat, JOB_HEARTBEAT_MS, JobLostError, type JobRow } from "./queue";
import { retrainProject } from "./retrain";

/**
 * Claims and runs one job; null when none is due. While it runs, a timer renews the job's short lease every
 * JOB_HEARTBEAT_MS (so a killed worker's job is taken over within JOB_LEASE_MS); every progress report renews it
 * too and stops the job if another worker has reclaimed it. Failures are retried with backoff, then shown.
 */
export async function runOneJob(log: (msg: string) => void = () => {}): Promise<JobRow | null> {
  const job = await claimJob();
  if (!job) return null;
  log(`job ${job.id} (${job.kind}, project ${job.projectId}) attempt ${job.attempts}`);
  let lost = false;
  const timer = setInterval(() => {
    heartbeat(job, null, null).catch((e: unknown) => {
      if (e instanceof JobLostError) lost = true;
    });
  }, JOB_HEARTBEAT_MS);
  try {
    const result = await retrainProject(job.projectId, async (p, m) => {
      if (lost) throw new JobLostError(job.id);
      await heartbeat(job, p, m);
    });
    await completeJob(job, result);
    log(`job ${job.id} done: ${JSON.stringify(result)}`);
  } catch (e) {
    if (e instanceof JobLostError) log(e.message);
    else {
      const status = await failJob(job, (e as Error).stack ?? String(e));
      log(`job ${job.id} failed (${status}): ${(e as Error).message}`);
    }
  } finally {
    clearInterval(timer);
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
