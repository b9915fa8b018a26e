import type { Locator, Page } from "@playwright/test";
import { adminAuth, createProject, expect, importItems, signIn, ADMIN, test } from "./fixtures";

/** The rows of the import report's problem table as [line, message] pairs. */
async function problems(report: Locator): Promise<[number, string][]> {
  const rows = await report.locator("tbody tr").all();
  return Promise.all(
    rows.map(async (r) => {
      const cells = await r.locator("td").allTextContents();
      return [Number(cells[0]), cells[1] ?? ""] as [number, string];
    }),
  );
}

async function upload(page: Page, name: string, mimeType: string, body: string) {
  await page.getByLabel("Pool file").setInputFiles({ name, mimeType, buffer: Buffer.from(body, "utf8") });
  const report = page.getByTestId("import-report");
  await expect(report).toBeVisible();
  return report;
}

test.beforeEach(async ({ context }) => {
  await signIn(context, ADMIN);
});

test("a JSONL upload keeps the valid rows and names each bad line and why", async ({ page, request }) => {
  const project = await createProject(request);
  await page.goto(`/projects/${project.id}`);
  await expect(page.getByRole("heading", { name: project.name })).toBeVisible();

  const lines = [
    /* 1 */ JSON.stringify({ id: "ok-1", text: "Free entry in a weekly prize draw", score: 0.93 }),
    /* 2 */ '{"id": "broken", "text": "no closing brace"',
    /* 3 */ JSON.stringify({ id: "ok-2", text: "See you at lunch?", score: 0.04 }),
    /* 4 */ JSON.stringify({ text: "a row without an id", score: 0.5 }),
    /* 5 */ JSON.stringify({ id: "too-high", text: "score above one", score: 1.5 }),
    /* 6 */ JSON.stringify({ id: "not-a-number", text: "score is text", score: "abc" }),
    /* 7 */ JSON.stringify({ id: "ok-3", text: "Call me when you land", meta: { lang: "en" } }),
    /* 8 */ "",
    /* 9 */ JSON.stringify({ id: 42, text: "numeric ids are fine", score: "0.25" }),
  ];
  const report = await upload(page, "pool.jsonl", "application/x-ndjson", lines.join("\n") + "\n");

  // Blank lines are not rows; line numbers are the file's physical lines.
  await expect(report).toContainText("Received 8 rows: 4 new, 0 updated, 4 rejected.");
  const found = await problems(report);
  expect(found.map(([line]) => line)).toEqual([2, 4, 5, 6]);
  expect(found[0]![1]).toMatch(/^malformed JSON/);
  expect(found[1]![1]).toBe('missing "id"');
  expect(found[2]![1]).toBe('"score" must lie in [0, 1], got 1.5');
  expect(found[3]![1]).toBe('"score" must be a number in [0, 1], got "abc"');

  // The pool holds exactly the valid rows, and the page's counters follow.
  await expect(page.getByTestId("stats").getByText("Items", { exact: true }).locator("..")).toHaveText(/^Items\s*4$/);
  const decisions = await request.get(`/api/v1/projects/${project.id}/export?format=jsonl&what=decisions`, { headers: adminAuth });
  const ids = (await decisions.text()).trim().split("\n").map((l) => (JSON.parse(l) as { id: string }).id);
  expect(ids.sort()).toEqual(["42", "ok-1", "ok-2", "ok-3"]);
});

test("a CSV upload maps columns, updates known ids and rejects bad records by line", async ({ page, request }) => {
  const project = await createProject(request);
  await page.goto(`/projects/${project.id}`);

  const first = await upload(page, "first.csv", "text/csv", "id,text,score\nc-1,Your parcel is waiting,0.7\n");
  await expect(first).toContainText("Received 1 row: 1 new, 0 updated, 0 rejected.");

  const csv = [
    /* 1 */ "id,text,score,source",
    /* 2 */ "c-1,Your parcel is waiting (updated),0.8,sms",
    /* 3 */ 'c-2,"Hi, are we still on for tonight?",0.1,sms',
    /* 4 */ "c-3,only three cells,0.2",
    /* 5 */ "c-4,score out of range,2,web",
    /* 6 */ 'c-5,"a ""quoted"" word",,web',
    /* 7 */ ",no id here,0.3,web",
  ].join("\r\n");
  const report = await upload(page, "pool.csv", "text/csv", csv + "\r\n");
  await expect(report).toContainText("Received 6 rows: 2 new, 1 updated, 3 rejected.");
  expect(await problems(report)).toEqual([
    [4, "expected 4 columns, found 3"],
    [5, '"score" must lie in [0, 1], got 2'],
    [7, '"id" is empty'],
  ]);

  const res = await request.get(`/api/v1/projects/${project.id}/export?format=jsonl&what=decisions`, { headers: adminAuth });
  const rows = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as { id: string; score: number | null });
  expect(rows.map((r) => [r.id, r.score]).sort()).toEqual([
    ["c-1", 0.8],
    ["c-2", 0.1],
    ["c-5", null],
  ]);
});

test("a classic-Mac CSV (lone CR line ends) shows every row; a JSON array shows one message", async ({ page, request }) => {
  const project = await createProject(request);
  await page.goto(`/projects/${project.id}`);
  await expect(page.getByRole("heading", { name: project.name })).toBeVisible();

  const report = await upload(page, "mac.csv", "text/csv", "id,text\rm1,one\rm2,two\rm3,three\r");
  await expect(report).toContainText("Received 3 rows: 3 new, 0 updated, 0 rejected.");
  await expect(page.getByTestId("stats").getByText("Items", { exact: true }).locator("..")).toHaveText(/^Items\s*3$/);

  const array = JSON.stringify([{ id: "a", text: "one" }, { id: "b", text: "two" }], null, 2);
  await page.getByLabel("Pool file").setInputFiles({ name: "pool.json", mimeType: "application/json", buffer: Buffer.from(array, "utf8") });
  // The page's own alert (Next's route announcer is an empty alert too).
  const alert = page.getByRole("alert").filter({ hasText: /\S/ });
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText("This is a JSON array");
  await expect(alert).toContainText("one object per line");
  await expect(page.getByTestId("import-report")).toHaveCount(0);
});

test("re-importing a labeled id with a new text names it in the report", async ({ page, request }) => {
  const project = await createProject(request);
  await importItems(request, project.id, [{ id: "tv-1", text: "the original text", score: 0.5 }]);
  const next = await request.post(`/api/v1/projects/${project.id}/next`, { headers: adminAuth, data: { count: 1 } });
  const [item] = ((await next.json()) as { items: { itemId: number }[] }).items;
  const label = await request.post(`/api/v1/projects/${project.id}/labels`, {
    headers: adminAuth,
    data: { itemId: item!.itemId, value: "spam", requestId: "e2e-text-version-1" },
  });
  expect(label.status()).toBe(201);

  await page.goto(`/projects/${project.id}`);
  await upload(page, "edit.jsonl", "application/x-ndjson", JSON.stringify({ id: "tv-1", text: "an edited text" }) + "\n");
  await expect(page.getByTestId("text-changed")).toContainText("1 labeled item got a new text");
  await expect(page.getByTestId("text-changed")).toContainText("tv-1");
});
