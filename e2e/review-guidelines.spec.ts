import fs from "node:fs/promises";
import { ADMIN, BASE_URL, adminAuth, createMember, createProject, expect, importItems, makeItems, parseJsonl, signIn, signedInContext, test } from "./fixtures";

test("a researcher settles a dispute by keyboard on the review page, and the export ships it", async ({ page, context, request, browser }) => {
  const project = await createProject(request);
  await request.patch(`/api/v1/projects/${project.id}`, { headers: adminAuth, data: { labelsPerItem: 2 } });
  const [item] = makeItems(1, "rev");
  await importItems(request, project.id, [item!]);
  // Two labelers disagree on the one item: a dispute, a tie with no final label.
  for (const [who, value] of [[await createMember(request, project.id), "spam"], [await createMember(request, project.id), "ham"]] as const) {
    const ctx = await signedInContext(browser, who);
    const headers = { origin: BASE_URL };
    const next = await ctx.request.post(`/api/v1/projects/${project.id}/next`, { headers, data: { count: 1 } });
    const { items } = (await next.json()) as { items: { itemId: number }[] };
    const res = await ctx.request.post(`/api/v1/projects/${project.id}/labels`, { headers, data: { itemId: items[0]!.itemId, value, requestId: `rev-${value}-${Date.now()}` } });
    expect(res.status()).toBe(201);
    await ctx.close();
  }

  await signIn(context, ADMIN);
  await page.goto(`/projects/${project.id}`);
  await page.getByRole("link", { name: "Review", exact: true }).click();
  await expect(page.getByTestId("review-id")).toHaveText(item!.id);
  await expect(page.getByTestId("review-final")).toHaveText("Not adjudicated (a tie)");
  await page.keyboard.press("1");
  await expect(page.getByTestId("review-final")).toHaveText(`Adjudicated: spam by ${ADMIN.email}`);
  await page.keyboard.press("u");
  await expect(page.getByTestId("review-final")).toHaveText("Not adjudicated (a tie)");
  await page.keyboard.press("2");
  await expect(page.getByTestId("review-final")).toHaveText(`Adjudicated: ham by ${ADMIN.email}`);
  await page.screenshot({ path: test.info().outputPath("review.png") });

  await page.goto(`/projects/${project.id}`);
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Decisions · JSONL", exact: true }).click()]);
  const rows = parseJsonl<Record<string, unknown>>(await fs.readFile(await file.path(), "utf8"));
  expect(rows).toEqual([expect.objectContaining({ id: item!.id, label: "ham", adjudicated: true, adjudicatedBy: ADMIN.email, finalDecision: "ham", disputed: true })]);
  // The queue is empty now: the dispute is settled.
  await page.goto(`/projects/${project.id}/review`);
  await expect(page.getByTestId("review-empty")).toBeVisible();
});

test("guidelines written by a researcher reach labelers rendered inert, on first visit and with G", async ({ page, context, request, browser }) => {
  const project = await createProject(request);
  await importItems(request, project.id, makeItems(5, "gl"));
  await signIn(context, ADMIN);
  await page.goto(`/projects/${project.id}`);
  await page.getByRole("link", { name: "Guidelines", exact: true }).click();
  const markdown = [
    "# House rules",
    "Adverts are **spam**.",
    "<script>window.__pwned = 1</script>",
    "<img src=x onerror=\"window.__pwned = 2\">",
    "[click me](javascript:window.__pwned=3)",
  ].join("\n\n");
  await page.getByRole("textbox", { name: "Guidelines (Markdown)" }).fill(markdown);
  await page.getByRole("button", { name: "Save guidelines" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved as version 1.");

  const labeler = await createMember(request, project.id);
  const ctx = await signedInContext(browser, labeler);
  const lp = await ctx.newPage();
  await lp.goto(`/projects/${project.id}/label`);
  const panel = lp.getByRole("complementary", { name: "Guidelines" });
  // First visit after a new version: the panel opens by itself.
  await expect(panel.getByRole("heading", { name: "House rules" })).toBeVisible();
  await expect(panel.locator("strong")).toHaveText("spam");
  await lp.screenshot({ path: test.info().outputPath("guidelines-panel.png") });
  await expect(panel.locator("script, img, [onerror]")).toHaveCount(0);
  const link = panel.getByText("click me");
  expect(await link.evaluate((a) => a.getAttribute("href") ?? "")).not.toMatch(/javascript:/i);
  await link.click();
  expect(await lp.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // G hides it, and having closed this version it stays closed on the next visit; G brings it back.
  await lp.goto(`/projects/${project.id}/label`);
  await expect(panel).toBeVisible();
  await expect(lp.getByTestId("snippet")).toBeVisible();
  await lp.keyboard.press("g");
  await expect(panel).toHaveCount(0);
  await lp.reload();
  await expect(lp.getByTestId("snippet")).toBeVisible();
  await expect(panel).toHaveCount(0);
  await lp.keyboard.press("g");
  await expect(panel.getByRole("heading", { name: "House rules" })).toBeVisible();
  await lp.keyboard.press("?");
  await expect(lp.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText("guidelines");
  await ctx.close();
});
