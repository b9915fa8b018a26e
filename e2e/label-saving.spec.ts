import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import {
  allSaved,
  createMember,
  createProject,
  currentSnippet,
  expect,
  exportedLabels,
  importItems,
  makeItems,
  openLabeler,
  pressAndAdvance,
  signIn,
  test,
} from "./fixtures";

const LABELS = "**/api/v1/projects/*/labels";

/** Color pairs under WCAG AA (4.5:1) on the page as it is now, banners included. */
async function contrastViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withRules(["color-contrast"]).analyze();
  return r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`));
}

test("labels given while saves fail survive a reload: the page warns first, then resends them", async ({ page, request, context }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(12, "rl"));
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  await openLabeler(page, project);

  await page.route(LABELS, (route) =>
    route.request().method() === "POST"
      ? route.fulfill({ status: 503, contentType: "application/json", body: '{"error":{"code":"unavailable","message":"Service unavailable"}}' })
      : route.continue(),
  );
  const first = await currentSnippet(page);
  const second = await pressAndAdvance(page, "1", first);
  await pressAndAdvance(page, "1", second);
  await expect(page.getByRole("alert").filter({ hasText: "2 labels waiting to be saved" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry" })).toBeVisible(); // a 503 can succeed later: resend offered
  expect(await contrastViolations(page)).toEqual([]);

  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  await page.unroute(LABELS);
  // Stop the automatic resend from winning the race with the reload: the labels must come from local storage.
  await page.route(LABELS, (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
  await page.reload();
  expect(dialogs).toEqual(["beforeunload"]);
  await page.unroute(LABELS);
  await page.reload();

  await expect
    .poll(async () => (await exportedLabels(request, project.id)).filter((l) => l.labeler === labeler.email).map((l) => `${l.id}=${l.value}`).sort())
    .toEqual([`${first.id}=spam`, `${second.id}=spam`].sort());
  await allSaved(page);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("verge:unsaved:")))).toEqual([]);
});

test("an outage shows the offline state at once, and the waiting labels are stored when the network is back", async ({ page, request, context }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(12, "off"));
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  await openLabeler(page, project);

  // A network error on the label request: shown at once, not after a round of retries.
  await page.route(LABELS, (route) => (route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue()));
  const first = await currentSnippet(page);
  const second = await pressAndAdvance(page, "2", first);
  await expect(page.getByTestId("offline")).toHaveText("offline — 1 label waiting", { timeout: 2_000 });

  // The browser reporting offline shows it too.
  await page.unroute(LABELS);
  await context.setOffline(true);
  await pressAndAdvance(page, "1", second);
  await expect(page.getByTestId("offline")).toHaveText("offline — 2 labels waiting", { timeout: 2_000 });
  expect(await contrastViolations(page)).toEqual([]);
  await context.setOffline(false);
  await expect(page.getByTestId("offline")).toHaveCount(0);
  await allSaved(page);
  const stored = (await exportedLabels(request, project.id)).map((l) => `${l.id}=${l.value}`).sort();
  expect(stored).toEqual([`${first.id}=ham`, `${second.id}=spam`].sort());
});

test("a label the server refuses is reported with its reason and dropped, never offered as a Retry", async ({ page, request, context }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(12, "rej"));
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  await openLabeler(page, project);

  await page.route(LABELS, (route) =>
    route.request().method() === "POST"
      ? route.fulfill({ status: 409, contentType: "application/json", body: '{"error":{"code":"conflict","message":"You already labeled this item"}}' })
      : route.continue(),
  );
  const first = await currentSnippet(page);
  const second = await pressAndAdvance(page, "1", first);
  const notice = page.getByTestId("notices");
  await expect(notice).toContainText(`Your label for "${first.id}" was not stored: You already labeled this item`);
  await expect(page.getByRole("button", { name: /^(Retry|Try again)$/ })).toHaveCount(0);
  await expect(page.getByText(/^saving \d+…$/)).toHaveCount(0);
  expect(await contrastViolations(page)).toEqual([]);
  await expect(page.getByTestId("my-count")).toHaveText(/^you: 0\b/);
  // The page moved on: the next snippet is labeled normally.
  await page.unroute(LABELS);
  await pressAndAdvance(page, "2", second);
  await allSaved(page);
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
  expect((await exportedLabels(request, project.id)).map((l) => `${l.id}=${l.value}`)).toEqual([`${second.id}=ham`]);
});
