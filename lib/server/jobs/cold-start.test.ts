import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/lib/sampling";
import { sql } from "../db/client";
import { importItems } from "../import/import-items";
import { createLabel } from "../labels";
import { getProject, updateProject } from "../projects";
import { isColdStart, leaseItems, releaseLeases } from "../queue/lease";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import { runOneJob } from "./worker";

describe("cold start", () => {
  it("serves random draws without scores until both labels were seen, then retrains and serves the strategy", async () => {
    const owner = await makeUser(true);
    const p = await makeProject(owner, { strategy: "edv-unc25", retrainEvery: 1000 });
    const texts = Array.from({ length: 60 }, (_, i) => ({ id: `c${i}`, text: i % 2 ? `win a free prize now ${i}` : `see you at lunch ${i}` }));
    await importItems(p.id, bytes(ndjson(texts), 4096), "ndjson", undefined, mulberry32(2));
    let project = await getProject(p.id);
    expect(isColdStart(project)).toBe(true);

    const rng = mulberry32(4);
    const first = await leaseItems(project, owner.id, 4, new Date(), rng);
    expect(first.every((i) => i.stream === "random")).toBe(true);
    // One class only: still cold, nothing queued.
    const spamOnly = first.filter((i) => i.text.startsWith("win"));
    const hamOnly = first.filter((i) => i.text.startsWith("see"));
    expect(spamOnly.length && hamOnly.length).toBeTruthy();
    await createLabel(project, owner.id, { itemId: spamOnly[0]!.itemId, value: "spam", requestId: "cold-req-1" });
    expect(await runOneJob()).toBeNull();
    const label = await sql().get<{ stream: string; inclusionProbability: number }>(`SELECT stream, "inclusionProbability" FROM "Label" WHERE "requestId" = 'cold-req-1'`);
    expect(label).toEqual({ stream: "random", inclusionProbability: 1 / 60 });

    // The second class arrives: a retrain is queued at once and ends cold start.
    await createLabel(project, owner.id, { itemId: hamOnly[0]!.itemId, value: "ham", requestId: "cold-req-2" });
    const job = await runOneJob();
    expect(job?.kind).toBe("retrain");
    project = await getProject(p.id);
    expect(project.trained).toBe(true);
    expect(isColdStart(project)).toBe(false);
    // Leases already held keep the stream they were served by; give them back to see fresh draws.
    await releaseLeases(project.id, owner.id);
    const next = await leaseItems(project, owner.id, 10, new Date(), () => 0.99);
    expect(next.some((i) => i.stream === "active")).toBe(true);
    expect(next.every((i) => i.stream !== "random")).toBe(true);

    // Moving τ once a model exists queues a re-rank with that model.
    await updateProject(project.id, { threshold: 0.7 }, "admin");
    const rerank = await runOneJob();
    expect(rerank?.kind).toBe("retrain");
    expect((await getProject(p.id)).modelVersion).toBe(2);
  });
});
