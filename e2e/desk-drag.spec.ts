import fs from "node:fs";
import { createProject, expect, importItems, makeItems, signIn, test, ADMIN } from "./fixtures";
import { interpolatePoint } from "@/lib/sampling/thresholds/grid";
import type { ThresholdPoint, ThresholdsView } from "@/lib/shared/types";

/**
 * The desk's drag on a 1M-item curve: the curve is fetched once and τ′ is interpolated locally, so moving the handle
 * makes no request. The curve is served by a stub (1000 steps over a pool of 1,000,000 items, estimates at every
 * point) so the page does the work it does at that size without seeding a million rows. The frame rate of the drag
 * is measured (60 input events, one per animation frame) and reported, not asserted: it depends on the machine;
 * DESK_DRAG_OUT=PREFIX writes it as PREFIX-STEPS.json (docs/benchmarks/desk.md).
 */
const N = 1_000_000;

/** A curve of `STEPS` even steps over (0.001, 0.999) plus the saved τ, for a pool of N items with 5,000 labels. */
function curve(tau: number, STEPS: number): ThresholdsView {
  const from = 0.001;
  const to = 0.999;
  const width = (to - from) / STEPS;
  const iv = (value: number, spread: number) => ({ value, low: Math.max(0, value - spread), high: value + spread });
  const taus = [...Array.from({ length: STEPS + 1 }, (_, k) => from + k * width), tau].sort((a, b) => a - b);
  const positiveAt = (t: number) => Math.round(N * (1 - t ** 0.4)); // q skewed towards 0, as in bench:desk
  const saved = positiveAt(tau);
  const points: ThresholdPoint[] = taus.map((t) => {
    const positive = positiveAt(t);
    const fp = positive * (1 - t) * 0.3;
    const fn = (N - positive) * t * 0.05;
    return {
      tau: t, positive, negative: N - positive,
      flips: { toPositive: Math.max(0, positive - saved), toNegative: Math.max(0, saved - positive) },
      falsePositives: iv(fp, fp * 0.2 + 5), falseNegatives: iv(fn, fn * 0.2 + 5),
      precision: positive > 0 ? iv(1 - fp / positive, 0.02) : { value: null, reason: "undefined" },
      recall: iv((positive - fp) / (positive - fp + fn || 1), 0.03),
      errorRate: iv((fp + fn) / N, 0.002), costPer1000: iv(((tau * fp + (1 - tau) * fn) * 1000) / N, 1),
    };
  });
  return { current: tau, costs: { fp: tau, fn: 1 - tau }, level: 0.95, poolSize: N, labels: 5000, points, from, to, steps: STEPS, labelSource: "audit" };
}

// 200 steps: what the desk fetches; 1000 (the most the endpoint serves) only when measuring: it keeps a core busy for
// half a minute, which slows the tests running beside it.
for (const STEPS of process.env.DESK_DRAG_OUT ? [200, 1000] : [200]) test(`the desk's drag on a 1M-item curve of ${STEPS} steps makes no request and follows τ′ (frame rate reported)`, async ({ page, request }) => {
  test.setTimeout(120_000);
  const project = await createProject(request, { threshold: 0.9 });
  await importItems(request, project.id, makeItems(20, "drag"));
  const body = JSON.stringify(curve(0.9, STEPS));
  let curveRequests = 0;
  await page.route(new RegExp(`/api/v1/projects/${project.id}/thresholds\\?steps=`), async (route) => {
    curveRequests++;
    await route.fulfill({ status: 200, contentType: "application/json", body });
  });
  let otherThresholdRequests = 0;
  page.on("request", (r) => {
    if (r.url().includes(`/projects/${project.id}/thresholds?from=`)) otherThresholdRequests++;
  });
  await signIn(page.context(), ADMIN);
  await page.goto(`/projects/${project.id}`);
  const desk = page.getByTestId("threshold-desk");
  const slider = desk.getByTestId("desk-slider");
  await expect(slider).toBeVisible();
  await slider.scrollIntoViewIfNeeded();
  await expect(desk.getByTestId("desk-flips")).toContainText("At τ′ = 0.9: 0 decisions would change");
  const fetched = curveRequests;

  // 60 moves, one per frame, from 0.2 to 0.8: each sets the value and fires `input` as a drag does.
  const m = await slider.evaluate(async (el: HTMLInputElement) => {
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
    const frames: number[] = [];
    await frame();
    const start = performance.now();
    let last = start;
    for (let i = 0; i < 60; i++) {
      set.call(el, String(0.2 + (0.6 * (i + 1)) / 60));
      el.dispatchEvent(new Event("input", { bubbles: true }));
      const t = await frame();
      frames.push(t - last);
      last = t;
    }
    const total = performance.now() - start;
    return { moves: 60, totalMs: total, fps: (60 * 1000) / total, worstFrameMs: Math.max(...frames), medianFrameMs: [...frames].sort((a, b) => a - b)[30]! };
  });
  // The display follows the last move (≈ 0.8, snapped to the slider's step), interpolated in the curve already
  // fetched: no request per movement.
  const v = Number(await slider.inputValue());
  expect(Math.abs(v - 0.8)).toBeLessThan(0.001);
  const at = interpolatePoint(curve(0.9, STEPS).points, v)!;
  await expect(desk.getByTestId("desk-flips")).toContainText(
    `At τ′ = ${Math.round(v * 10_000) / 10_000}: ${(at.flips.toPositive + at.flips.toNegative).toLocaleString()} decisions would change`,
  );
  expect(otherThresholdRequests).toBe(0);
  expect(curveRequests).toBe(fetched);
  const report = { points: STEPS + 2, pool: N, ...m, userAgent: await page.evaluate(() => navigator.userAgent) };
  test.info().annotations.push({ type: "desk-drag", description: JSON.stringify(report) });
  console.log(`desk drag, ${STEPS} steps: ${m.fps.toFixed(1)} frames/s over ${m.moves} moves (median frame ${m.medianFrameMs.toFixed(1)} ms, worst ${m.worstFrameMs.toFixed(1)} ms)`);
  if (process.env.DESK_DRAG_OUT) fs.writeFileSync(`${process.env.DESK_DRAG_OUT}-${STEPS}.json`, JSON.stringify(report, null, 2) + "\n");
});
