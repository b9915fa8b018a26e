import { adminAuth, allSaved, createMember, createProject, currentSnippet, expect, importItems, makeItems, openLabeler, pressAndAdvance, signIn, test } from "./fixtures";

interface RetrainState {
  job: { id: string; status: string; startedAt: string | null; finishedAt: string | null; error: string | null } | null;
  model: { version: number };
}

test("a labeler keeps labeling while a retrain runs: no stall, no error, and the new model swaps in", async ({ page, request }) => {
  test.setTimeout(120_000);
  // A pool large enough that rescoring and ranking take seconds on this machine.
  const project = await createProject(request, { threshold: 0.9, strategy: "edv-unc25" });
  await importItems(request, project.id, makeItems(30_000, "big"));
  const labeler = await createMember(request, project.id);
  await signIn(page.context(), labeler);
  await openLabeler(page, project);

  const retrain = await request.post(`/api/v1/projects/${project.id}/retrain`, { headers: adminAuth });
  expect(retrain.status()).toBe(202);
  const { jobId } = (await retrain.json()) as { jobId: string };
  const status = async () => (await (await request.get(`/api/v1/projects/${project.id}/retrain`, { headers: adminAuth })).json()) as RetrainState;
  await expect.poll(async () => (await status()).job?.status, { timeout: 30_000, intervals: [100] }).toBe("running");

  // Label at a steady human pace while the worker trains: every key must bring the next snippet at once.
  const firstKey = Date.now();
  let shown = await currentSnippet(page);
  let pressed = 0;
  let sawRunning = 0;
  for (let k = 0; k < 24; k++) {
    shown = await pressAndAdvance(page, k % 3 === 0 ? "1" : "2", shown);
    pressed++;
    if ((await status()).job?.status === "running") sawRunning++;
    await page.waitForTimeout(150);
  }
  const lastKey = Date.now();
  await allSaved(page);
  await expect(page.getByRole("alert").filter({ hasText: /not saved|failed|error/i })).toHaveCount(0);

  // The retrain overlapped the labeling and finished with a new model version.
  await expect.poll(async () => (await status()).job?.status, { timeout: 60_000 }).toBe("done");
  const done = await status();
  expect(done.job?.id).toBe(jobId);
  expect(new Date(done.job!.startedAt!).getTime()).toBeLessThan(lastKey);
  expect(new Date(done.job!.finishedAt!).getTime()).toBeGreaterThan(firstKey);
  expect(sawRunning).toBeGreaterThan(0);
  expect(done.model.version).toBeGreaterThanOrEqual(1);
  expect(pressed).toBe(24);

  // Labeling carries on against the new ordering.
  await pressAndAdvance(page, "2", shown);
  await allSaved(page);
});
