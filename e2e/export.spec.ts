import fs from "node:fs/promises";
import type { Page } from "@playwright/test";
import { parse as parseCsv } from "csv-parse/sync";
import {
  ADMIN,
  allSaved,
  createProject,
  currentSnippet,
  expect,
  importItems,
  makeItems,
  openLabeler,
  parseJsonl,
  pressAndAdvance,
  signIn,
  test,
} from "./fixtures";

/** Clicks an export link on the overview page and returns the downloaded file's name and text. */
async function download(page: Page, link: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link, exact: true }).click()]);
  const path = await file.path();
  const bytes = await fs.readFile(path);
  return { name: file.suggestedFilename(), text: bytes.toString("utf8"), bytes };
}

test("exports the labels given and one decision per item, as CSV and JSONL downloads", async ({ page, context, request }) => {
  const project = await createProject(request, { threshold: 0.6 });
  const items = makeItems(12, "exp");
  await importItems(request, project.id, items);
  await signIn(context, ADMIN);

  // The admin labels four snippets: spam, ham, skip, spam.
  await openLabeler(page, project);
  const given = new Map<string, string>();
  let shown = await currentSnippet(page);
  for (const [key, value] of [["1", "spam"], ["2", "ham"], ["s", "skip"], ["1", "spam"]] as const) {
    given.set(shown.id, value);
    shown = await pressAndAdvance(page, key, shown);
  }
  await expect(page.getByTestId("my-count")).toHaveText(/^you: 4\b/);
  await allSaved(page);

  await page.goto(`/projects/${project.id}`);
  await expect(page.getByRole("heading", { name: project.name })).toBeVisible();

  // Labels · CSV: the documented header, one row per label.
  const labelsCsv = await download(page, "Labels · CSV");
  expect(labelsCsv.name).toMatch(/-labels-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...rows] = parseCsv(labelsCsv.text) as string[][];
  expect(header).toEqual(expect.arrayContaining(["id", "value", "labeler", "createdAt", "stream", "inclusionProbability", "auditPlan", "modelVersion", "scoreAtLabel", "qAtLabel"]));
  expect(header!.slice(0, 3)).toEqual(["id", "value", "labeler"]);
  const col = (name: string) => header!.indexOf(name);
  expect(rows).toHaveLength(4);
  expect(new Map(rows.map((r) => [r[col("id")], r[col("value")]]))).toEqual(given);
  for (const r of rows) {
    expect(r[col("labeler")]).toBe(ADMIN.email);
    expect(Number.isNaN(Date.parse(r[col("createdAt")]!))).toBe(false);
    const item = items.find((i) => i.id === r[col("id")])!;
    expect(Number(r[col("scoreAtLabel")])).toBeCloseTo(item.score, 6);
  }

  // Labels · JSONL: the same labels.
  const labelsJsonl = await download(page, "Labels · JSONL");
  expect(labelsJsonl.name).toMatch(/-labels-\d{4}-\d{2}-\d{2}\.jsonl$/);
  const labels = parseJsonl<{ id: string; value: string; labeler: string; stream: string }>(labelsJsonl.text);
  expect(new Map(labels.map((l) => [l.id, l.value]))).toEqual(given);
  for (const l of labels) {
    expect(l.labeler).toBe(ADMIN.email);
    expect(["active", "audit", "random"]).toContain(l.stream);
  }

  // Decisions · CSV: one row per item; the final label is the label given (a skip leaves it open).
  const decisionsCsv = await download(page, "Decisions · CSV");
  expect(decisionsCsv.name).toMatch(/-decisions-\d{4}-\d{2}-\d{2}\.csv$/);
  const [dHeader, ...dRows] = parseCsv(decisionsCsv.text) as string[][];
  expect(dHeader!.slice(0, 5)).toEqual(["id", "score", "q", "decision", "label"]);
  expect(dRows.map((r) => r[0]).sort()).toEqual(items.map((i) => i.id).sort());
  for (const r of dRows) {
    const label = given.get(r[0]!);
    expect(r[4], `final label of ${r[0]}`).toBe(label && label !== "skip" ? label : "");
    expect(["spam", "ham"]).toContain(r[3]);
  }

  // Decisions · JSONL: the same items.
  const decisionsJsonl = await download(page, "Decisions · JSONL");
  const decisions = parseJsonl<{ id: string; label: string | null; decision: string }>(decisionsJsonl.text);
  expect(decisions).toHaveLength(items.length);
  expect(new Set(decisions.map((d) => d.id)).size).toBe(items.length);
  for (const d of decisions) {
    const label = given.get(d.id);
    expect(d.label).toBe(label && label !== "skip" ? label : null);
  }
});

test("the Excel CSV starts with a UTF-8 byte-order mark and keeps umlauts; the plain CSV has none", async ({ page, context, request }) => {
  const project = await createProject(request);
  await importItems(request, project.id, [{ id: "überprüfen-1", text: "Bitte überprüfen Sie Ihr Konto", score: 0.7 }]);
  await signIn(context, ADMIN);
  await page.goto(`/projects/${project.id}`);
  await expect(page.getByRole("heading", { name: project.name })).toBeVisible();

  const excel = await download(page, "Decisions · CSV for Excel");
  expect(excel.name).toMatch(/-decisions-\d{4}-\d{2}-\d{2}-excel\.csv$/);
  expect([...excel.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, row] = parseCsv(excel.text, { bom: true }) as string[][];
  expect(header![0]).toBe("id");
  expect(row![0]).toBe("überprüfen-1");

  const plain = await download(page, "Decisions · CSV");
  expect(plain.bytes[0]).toBe("i".charCodeAt(0));
  expect((parseCsv(plain.text) as string[][])[1]![0]).toBe("überprüfen-1");
});
