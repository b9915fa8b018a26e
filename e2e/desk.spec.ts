import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { ADMIN, adminAuth, createProject, expect, importItems, makeItems, parseJsonl, signIn, test } from "./fixtures";

interface DecisionRow { id: string; q: number | null; decision: string | null }

const decisions = async (request: APIRequestContext, projectId: string) => {
  const res = await request.get(`/api/v1/projects/${projectId}/export?format=jsonl&what=decisions`, { headers: adminAuth });
  expect(res.status()).toBe(200);
  return parseJsonl<DecisionRow>(await res.text());
};

const retrainDone = async (request: APIRequestContext, projectId: string, jobId?: string) =>
  expect
    .poll(async () => {
      const s = (await (await request.get(`/api/v1/projects/${projectId}/retrain`, { headers: adminAuth })).json()) as { job: { id: string; status: string } | null };
      return s.job && (!jobId || s.job.id === jobId) ? s.job.status : "none";
    }, { timeout: 60_000 })
    .toBe("done");

test("the threshold desk: drag τ′, see flips and estimates change, save with a confirmation, find a target", async ({ page, request }) => {
  test.setTimeout(120_000);
  // A pool scored 0…1, a first retrain for the audit plan, then 80 audit labels (every served item is an audit draw: the audit-plan queue, randomShare 0).
  const project = await createProject(request, { threshold: 0.5, retrainEvery: 100_000 });
  expect((await request.patch(`/api/v1/projects/${project.id}`, { headers: adminAuth, data: { auditFraction: 1, randomShare: 0 } })).status()).toBe(200);
  const items = makeItems(240, "desk");
  await importItems(request, project.id, items);
  const scoreOf = new Map(items.map((i) => [i.id, i.score]));
  const retrain = await request.post(`/api/v1/projects/${project.id}/retrain`, { headers: adminAuth });
  expect(retrain.status()).toBe(202);
  await retrainDone(request, project.id);
  let labeled = 0;
  while (labeled < 80) {
    const next = (await (await request.post(`/api/v1/projects/${project.id}/next`, { headers: adminAuth, data: { count: 20 } })).json()) as { items: { itemId: number; id: string; stream: string }[] };
    expect(next.items.length).toBeGreaterThan(0);
    for (const it of next.items) {
      expect(it.stream).toBe("audit");
      const n = Number(it.id.slice(-3));
      // Mostly "spam above 0.45", with every fifth item the other way: errors on both sides of any τ′.
      const spam = (scoreOf.get(it.id)! >= 0.45) !== (n % 5 === 0);
      const res = await request.post(`/api/v1/projects/${project.id}/labels`, { headers: adminAuth, data: { itemId: it.itemId, value: spam ? "spam" : "ham", requestId: randomUUID() } });
      expect(res.status()).toBe(201);
      labeled++;
    }
  }
  const before = await decisions(request, project.id);
  const positivesBefore = before.filter((d) => d.decision === "spam").length;

  await signIn(page.context(), ADMIN);
  await page.goto(`/projects/${project.id}`);
  const desk = page.getByTestId("threshold-desk");
  await expect(desk).toBeVisible();
  // The calibration panel: the live model's reliability on the 80 audit labels, with its ECE.
  await expect(page.getByTestId("ece")).toHaveText(/^Expected calibration error \d\.\d{3} from 80 labels/);
  // The labelers panel: the admin's 80 labels, no skips, no item labeled twice yet.
  await expect(page.getByTestId("labelers").getByRole("row", { name: new RegExp(`^${ADMIN.email} 80 0 80`) })).toBeVisible();
  await expect(page.getByTestId("alpha")).toHaveText(/^No item has two labels yet/);
  await page.getByTestId("reliability").screenshot({ path: test.info().outputPath("reliability.png") });
  const flips = desk.getByTestId("desk-flips");
  await expect(flips).toContainText("At τ′ = 0.5: 0 decisions would change");
  const precisionCell = desk.getByTestId("desk-precision");
  await expect(precisionCell).toHaveText(/\d+\.\d%/);
  const precisionAtSaved = await precisionCell.textContent();

  // Drag the handle to the right with the mouse, then fine-tune by keyboard: the readout follows, nothing is saved.
  const slider = desk.getByTestId("desk-slider");
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  const value = async () => Number(await slider.inputValue());
  await page.mouse.move(box.x + box.width * ((0.5 - Number(await slider.getAttribute("min"))) / (Number(await slider.getAttribute("max")) - Number(await slider.getAttribute("min")))), box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.78, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  const dragged = await value();
  expect(dragged).toBeGreaterThan(0.6);
  await slider.focus();
  await page.keyboard.press("ArrowLeft");
  const tau = Math.round((await value()) * 10_000) / 10_000;
  expect(tau).toBeLessThan(dragged);
  await expect(flips).toContainText(`At τ′ = ${tau}:`);
  const exact = before.filter((d) => d.q !== null && d.q >= 0.5 && d.q < tau).length;
  expect(exact).toBeGreaterThan(0);
  await expect(flips).toContainText(/: \d+ decisions would change \(0 ham → spam, \d+ spam → ham\)/);
  await expect(precisionCell).not.toHaveText(precisionAtSaved!);
  await desk.screenshot({ path: test.info().outputPath("desk-moved.png") });
  expect((await decisions(request, project.id)).filter((d) => d.decision === "spam").length).toBe(positivesBefore);

  // Save: the confirmation states the exact number of decisions that change, counted on the server.
  await desk.getByRole("button", { name: `Save τ = ${tau}` }).click();
  const dialog = desk.getByRole("alertdialog");
  await expect(dialog).toContainText(`Save τ = ${tau}? ${exact} decisions change: 0 ham → spam, ${exact} spam → ham.`);
  await expect(dialog.getByRole("button", { name: "Confirm" })).toBeFocused();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(desk.getByRole("status").filter({ hasText: "Saved τ" })).toHaveText(`Saved τ = ${tau}; ${exact} decisions changed.`);
  await expect(page.getByText(`when P(spam) ≥ ${tau}`)).toBeVisible();

  // Saving re-decides every item at once and starts a retrain (a trained model re-ranks for the new τ), which may swap
  // in new q at any moment: so check what holds either way. Every exported decision is q ≥ the new τ (at the old τ,
  // the `exact` items in [0.5, τ) would be spam), and the overview's count is the export's.
  const consistent = (rows: DecisionRow[]) => rows.filter((d) => d.q !== null && d.decision !== (d.q >= tau ? "spam" : "ham")).map((d) => d.id);
  expect(consistent(await decisions(request, project.id))).toEqual([]);
  const card = page.getByTestId("stats").getByText("Decided spam").locator("..");
  await expect
    .poll(async () => ((await card.textContent()) ?? "").replace(/\D/g, "") === String((await decisions(request, project.id)).filter((d) => d.decision === "spam").length), { timeout: 15_000 })
    .toBe(true);
  await retrainDone(request, project.id);
  expect(consistent(await decisions(request, project.id))).toEqual([]);

  // Target mode: the smallest τ′ whose 95% lower bound shows the precision, or a statement that none does.
  // (Reloaded so the desk shows the model the retrain just made, without waiting for its next poll.)
  await page.reload();
  await expect(flips).toContainText(`At τ′ = ${tau}: 0 decisions would change`);
  // Two retrains so far (the first, and the one the new τ started): the history charts both versions.
  await expect(page.getByTestId("history-summary")).toContainText("2 versions");
  await page.getByTestId("estimate-history").screenshot({ path: test.info().outputPath("history.png") });
  const target = desk.getByRole("form", { name: "Target mode" });
  await target.getByLabel("Target value").fill("0.9999");
  await target.getByRole("button", { name: "Find τ′" }).click();
  await expect(desk.getByTestId("desk-target-result")).toContainText("The labels so far cannot show precision ≥ 0.9999");
  await target.getByLabel("Target value").fill("0.6");
  await target.getByRole("button", { name: "Find τ′" }).click();
  const found = desk.getByTestId("desk-target-result");
  await expect(found).toContainText("Smallest τ′ that shows it:");
  const [, foundTau, bound] = /shows it: (\d+\.\d+) — with 95% confidence precision ≥ (\d+\.\d+)/.exec((await found.textContent())!)!;
  expect(Number(bound)).toBeGreaterThanOrEqual(0.6);
  await expect(flips).toContainText(`At τ′ = ${foundTau}:`);
  // The bound shown is the server's at that τ′.
  const exactPoint = (await (await request.get(`/api/v1/projects/${project.id}/thresholds?from=${foundTau}&to=${foundTau}&steps=1`, { headers: adminAuth })).json()) as { points: { tau: number; precision: { low: number } }[] };
  expect(exactPoint.points.find((p) => p.tau === Number(foundTau))!.precision.low.toFixed(3)).toBe(bound);
  await desk.screenshot({ path: test.info().outputPath("desk-target.png") });
});
