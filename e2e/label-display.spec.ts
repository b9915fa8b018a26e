import AxeBuilder from "@axe-core/playwright";
import {
  ADMIN,
  adminAuth,
  allSaved,
  BASE_URL,
  createMember,
  createProject,
  currentSnippet,
  expect,
  exportedLabels,
  labelButton,
  makeItems,
  openLabeler,
  pressAndAdvance,
  readyToLabel,
  signIn,
  test,
  type PoolItem,
} from "./fixtures";
import type { APIRequestContext } from "@playwright/test";

const ARABIC = "مرحبا بالعالم، هذه رسالة تجريبية";
// Import refuses bidi overrides and isolates in ids (U+202A–U+202E, U+2066–U+2069); a right-to-left mark passes, and
// items stored before that rule may hold anything, so the page still writes every invisible character out.
const RLM_ID = "invoice\u200Ftxt.exe";

/** Imports rows with metadata (the fixtures' importItems takes none). */
async function importRows(request: APIRequestContext, projectId: string, rows: (PoolItem & { meta?: Record<string, unknown> })[]) {
  const res = await request.post(`/api/v1/projects/${projectId}/items`, {
    headers: { ...adminAuth, "content-type": "application/x-ndjson" },
    data: rows.map((r) => JSON.stringify(r)).join("\n") + "\n",
  });
  expect(res.status()).toBe(200);
}

test("any script reads correctly: right-to-left text, ids with invisible direction marks, 20,000-character snippets", async ({ page, request, context }) => {
  const project = await createProject(request, { threshold: 0.5 });
  // The serving order is the strategy's, so each check below recognises its snippet by what is on screen.
  await importRows(request, project.id, [
    { id: "ar-1", text: ARABIC, score: 0.5 },
    { id: RLM_ID, text: "Snippet with a tricky id", score: 0.5 },
    { id: "long-1", text: "long ".repeat(4_000), score: 0.5 },
  ]);
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/projects/${project.id}/label`);
  await readyToLabel(page, project);

  const snippet = page.getByTestId("snippet");
  for (let k = 0; k < 3; k++) {
    const text = (await snippet.textContent()) ?? "";
    const id = (await page.getByTestId("snippet-id").textContent()) ?? "";
    if (text === ARABIC) {
      await expect(snippet).toHaveAttribute("dir", "auto");
      expect(await snippet.evaluate((el) => el.matches(":dir(rtl)"))).toBe(true);
      expect(id).toBe("ar-1");
    } else if (text.startsWith("long")) {
      // The snippet area scrolls; every button stays inside the 1280×720 viewport.
      for (const name of ["spam", "ham", "skip", "undo"]) {
        const box = await labelButton(page, name).boundingBox();
        expect(box, name).not.toBeNull();
        expect(box!.y + box!.height, `${name} button bottom`).toBeLessThanOrEqual(720);
        expect(box!.y).toBeGreaterThanOrEqual(0);
      }
      await page.screenshot({ path: "test-results/label-long-snippet.png" });
    } else {
      // The direction mark is written out, so what is displayed is what is stored.
      expect(id).toBe("invoice⟨U+200F⟩txt.exe");
      expect(await page.getByTestId("snippet-id").evaluate((el) => el.tagName)).toBe("BDI");
    }
    const before = await snippet.getAttribute("data-item-id");
    await page.keyboard.press("s");
    if (k < 2) await expect(snippet).not.toHaveAttribute("data-item-id", before!);
  }
});

test("the labeler sees the last labels and can undo any, fresh progress, metadata only when shown, no audit marker", async ({ page, request, context, contexts }) => {
  const project = await createProject(request);
  const rows = makeItems(12, "rec").map((r) => ({ ...r, meta: { source: "forum", lang: "en" } }));
  await importRows(request, project.id, rows);
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  await openLabeler(page, project);
  await expect(page.getByTestId("meta")).toHaveCount(0);

  // The API gives labelers neither the stream nor the hidden metadata; researchers and admins see both.
  const asLabeler = (await (await context.request.post(`/api/v1/projects/${project.id}/next`, { headers: { origin: BASE_URL }, data: { count: 1, session: "api-check-session" } })).json()) as { items: Record<string, unknown>[] };
  expect(asLabeler.items[0]).not.toHaveProperty("stream");
  expect(asLabeler.items[0]!.meta).toBeNull();
  const asAdmin = (await (await request.post(`/api/v1/projects/${project.id}/next`, { headers: adminAuth, data: { count: 1 } })).json()) as { items: Record<string, unknown>[] };
  expect(asAdmin.items[0]).toMatchObject({ stream: expect.any(String), meta: { source: "forum" } });

  const shown = [await currentSnippet(page)];
  const keys = ["1", "2", "1"];
  for (const k of keys) shown.push(await pressAndAdvance(page, k, shown[shown.length - 1]!));
  await allSaved(page);
  const values = page.getByTestId("recent-value");
  await expect(values).toHaveText(["spam", "ham", "spam"]); // newest first
  await expect(page.getByTestId("progress")).toContainText("3 / 12 done");

  // Undo the middle one from the list: it comes back on screen, the others stay.
  await page.getByRole("button", { name: `Undo ham for ${shown[1]!.id}` }).click();
  await expect(page.getByTestId("snippet")).toHaveAttribute("data-item-id", shown[1]!.itemId);
  await expect(values).toHaveText(["spam", "spam"]);
  await expect(page.getByTestId("progress")).toContainText("2 / 12 done");
  await expect
    .poll(async () => (await exportedLabels(request, project.id)).map((l) => `${l.id}=${l.value}`).sort())
    .toEqual([`${shown[0]!.id}=spam`, `${shown[2]!.id}=spam`].sort());

  // A researcher turns metadata on in the settings: the labeler sees it.
  const researcherPage = await (await contexts(ADMIN)).newPage();
  await researcherPage.goto(`/projects/${project.id}`);
  await researcherPage.getByLabel(/Show item metadata to labelers/).check();
  await researcherPage.getByRole("button", { name: "Save settings" }).click();
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/projects/${project.id}`, { headers: adminAuth })).json()) as { showMeta: boolean }).showMeta)
    .toBe(true);
  await page.reload();
  await readyToLabel(page, project);
  await expect(page.getByTestId("meta")).toContainText("forum");
});

test("accessible: AA contrast, snippet and save state announced, help is a modal dialog that keeps focus", async ({ page, request, context }) => {
  const project = await createProject(request);
  await importRows(request, project.id, makeItems(8, "a11y"));
  const labeler = await createMember(request, project.id);
  await signIn(context, labeler);
  await openLabeler(page, project);
  await pressAndAdvance(page, "1", await currentSnippet(page));
  await allSaved(page);

  const contrast = await new AxeBuilder({ page }).withRules(["color-contrast"]).analyze();
  expect(contrast.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`))).toEqual([]);
  await expect(page.getByTestId("snippet")).toHaveAttribute("aria-live", "polite");
  await expect(page.getByRole("status")).toHaveAttribute("aria-live", "polite");

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    expect(await help.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});
