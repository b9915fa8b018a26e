import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/client";
import { makeProject, makeUser } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { claimJob, completeJob, enqueueJob, heartbeat, JOB_HEARTBEAT_MS, JOB_LEASE_MS, JobLostError } from "./queue";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

const status = async (id: string) => (await sql().get<{ status: string; attempts: number }>(`SELECT status, attempts FROM "Job" WHERE id = ?`, [id]))!;

describe("job leases", () => {
  it("renews often enough: a heartbeat period well inside the lease", () => {
    expect(JOB_LEASE_MS).toBeLessThanOrEqual(20_000);
    expect(JOB_HEARTBEAT_MS * 3).toBeLessThanOrEqual(JOB_LEASE_MS);
  });

  it("hands a killed worker's job to another worker once the short lease lapses; the old claim can write nothing", async () => {
    const project = await makeProject(owner);
    const id = await enqueueJob(project.id, "retrain", { reason: "test" });
    const t0 = new Date(Date.now() + 3_600_000); // after anything other tests queued
    const first = await claimJob(t0);
    expect(first?.id).toBe(id);
    // The worker is killed: no heartbeat. Within the lease nobody else may take the job ...
    expect(await claimJob(new Date(t0.getTime() + JOB_LEASE_MS - 1000))).toBeNull();
    // ... once it lapses (seconds, not a minute), another worker does.
    const second = await claimJob(new Date(t0.getTime() + JOB_LEASE_MS + 1000));
    expect(second).toMatchObject({ id, attempts: 2 });
    await expect(heartbeat(first!, 0.5, "stale")).rejects.toBeInstanceOf(JobLostError);
    await completeJob(first!, { stale: true });
    expect(await status(id)).toEqual({ status: "running", attempts: 2 });
    await completeJob(second!, { ok: true });
    expect((await status(id)).status).toBe("done");
  });

  it("a heartbeat keeps a running job from being reclaimed", async () => {
    const project = await makeProject(owner);
    const id = await enqueueJob(project.id, "retrain", { reason: "test" });
    const t0 = new Date(Date.now() + 7_200_000);
    const job = await claimJob(t0);
    expect(job?.id).toBe(id);
    await heartbeat(job!, null, null, new Date(t0.getTime() + JOB_LEASE_MS - 1000));
    expect(await claimJob(new Date(t0.getTime() + JOB_LEASE_MS + 1000))).toBeNull();
    await completeJob(job!, {});
  });
});
