import type { Page } from "@playwright/test";
import {
  allSaved,
  BASE_URL,
  createMember,
  createProject,
  currentSnippet,
  expect,
  exportedLabels,
  importItems,
  labelButton,
  makeItems,
  openLabeler,
  pressAndAdvance,
  signIn,
  test,
} from "./fixtures";

const mine = async (request: Parameters<typeof exportedLabels>[0], projectId: string) =>
  (await exportedLabels(request, projectId)).map((l) => `${l.id}=${l.value}`).sort();

/** The snippet on screen no longer is `before` (one snippet advanced). */
async function advanced(page: Page, before: { itemId: string }) {
  await expect(page.getByTestId("snippet")).not.toHaveAttribute("data-item-id", before.itemId);
  return currentSnippet(page);
}

test("one action, one label: double-clicks, Enter after a click and held keys never label twice", async ({ page, request, context }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(20, "dbl"));
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  await openLabeler(page, project);

  const a = await currentSnippet(page);
  await labelButton(page, "spam").dblclick();
  const b = await advanced(page, a);
  await labelButton(page, "skip").dblclick();
  const c = await advanced(page, b);
  await labelButton(page, "ham").click();
  const d = await advanced(page, c);
  // The click left no button focused, so Enter does nothing.
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BUTTON");
  await page.keyboard.press("Enter");
  // Holding 2 (auto-repeat) labels once.
  await page.keyboard.down("2");
  await page.keyboard.down("2");
  await page.keyboard.up("2");
  const e = await advanced(page, d);
  await allSaved(page);
  expect(await mine(request, project.id)).toEqual([`${a.id}=spam`, `${b.id}=skip`, `${c.id}=ham`, `${d.id}=ham`].sort());
  await expect(page.getByTestId("snippet")).toHaveAttribute("data-item-id", e.itemId);

  // A double-click on undo undoes one label.
  await labelButton(page, "undo").dblclick();
  await expect(page.getByTestId("snippet")).toHaveAttribute("data-item-id", d.itemId);
  await expect.poll(() => mine(request, project.id)).toEqual([`${a.id}=spam`, `${b.id}=skip`, `${c.id}=ham`].sort());
  await allSaved(page);
  await expect(page.getByTestId("my-count")).toHaveText(/^you: 3\b/);
});

test("digit hotkeys work on AZERTY (& and é keys), by physical key", async ({ page, request, context }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(10, "az"));
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  await openLabeler(page, project);
  const press = (key: string, code: string) =>
    page.evaluate(([key, code]) => document.body.dispatchEvent(new KeyboardEvent("keydown", { key, code, bubbles: true, cancelable: true })), [key, code]);

  const a = await currentSnippet(page);
  await press("&", "Digit1");
  const b = await advanced(page, a);
  await press("é", "Digit2");
  await advanced(page, b);
  await allSaved(page);
  expect(await mine(request, project.id)).toEqual([`${a.id}=spam`, `${b.id}=ham`].sort());
});

test("two tabs of one labeler label distinct snippets without errors", async ({ request, context }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(40, "tab"));
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  const tabs = [await context.newPage(), await context.newPage()];
  for (const t of tabs) await openLabeler(t, project);

  const seen = new Set<string>();
  const expected: string[] = [];
  const shown = await Promise.all(tabs.map((t) => currentSnippet(t)));
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 2; i++) {
      const s = shown[i]!;
      expect(seen.has(s.itemId), `snippet ${s.id} shown in both tabs`).toBe(false);
      seen.add(s.itemId);
      expected.push(`${s.id}=${i === 0 ? "spam" : "ham"}`);
      shown[i] = await pressAndAdvance(tabs[i]!, i === 0 ? "1" : "2", s);
    }
  }
  for (const t of tabs) {
    await allSaved(t);
    await expect(t.getByTestId("notices")).toHaveCount(0);
    await expect(t.getByTestId("my-count")).toHaveText(/^you: 6\b/);
  }
  expect(await mine(request, project.id)).toEqual(expected.sort());
});

test("an open page renews its leases, hands them back on close, and is told when one is lost", async ({ page, request, context, contexts }) => {
  const project = await createProject(request, { leaseSeconds: 10 });
  await importItems(request, project.id, makeItems(10, "hb"));
  const labeler = await createMember(request, project.id);
  const other = await createMember(request, project.id);
  await signIn(context, labeler);
  await openLabeler(page, project);

  // The heartbeat renews every held snippet (a third of the 10 s lease).
  const beat = await page.waitForResponse((r) => r.url().endsWith("/leases") && r.request().method() === "POST", { timeout: 6_000 });
  const renewed = (await beat.json()) as { held: number[]; lost: number[] };
  expect(renewed.lost).toEqual([]);
  expect(renewed.held).toHaveLength(8);

  // The server reports the snippet on screen lost: the page says so and moves on.
  const shown = await currentSnippet(page);
  await page.route("**/api/v1/projects/*/leases", (route) =>
    route.request().method() === "POST"
      ? route.fulfill({ contentType: "application/json", body: JSON.stringify({ held: [], lost: [Number(shown.itemId)], leaseExpiresAt: new Date().toISOString() }) })
      : route.continue(),
  );
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await expect(page.getByTestId("notices")).toContainText(`Your hold on "${shown.id}" lapsed`);
  await expect(page.getByTestId("snippet")).not.toHaveAttribute("data-item-id", shown.itemId);
  await page.unroute("**/api/v1/projects/*/leases");

  // Leaving the page releases its snippets at once: the other labeler gets them all but the one reported lost
  // (the answer above was made up; the server still holds it for this labeler).
  await page.goto("about:blank");
  const otherCtx = await contexts(other);
  await expect
    .poll(async () => ((await (await otherCtx.request.post(`/api/v1/projects/${project.id}/next`, { headers: { origin: BASE_URL }, data: { count: 20 } })).json()) as { items: unknown[] }).items.length)
    .toBe(9);
});
