import fs from "node:fs/promises";
import type { APIRequestContext, Page } from "@playwright/test";
import { ADMIN, adminAuth, createProject, expect, importItems, makeItems, parseJsonl, signIn, test, unique, type Project } from "./fixtures";

test.beforeEach(async ({ context }) => {
  await signIn(context, ADMIN);
});

async function newUser(request: APIRequestContext) {
  const person = { email: `${unique("team")}@verge.test`, password: `pw-${unique("p")}-long-enough` };
  const res = await request.post("/api/v1/users", { headers: adminAuth, data: person });
  expect(res.ok()).toBe(true);
  return person;
}

test("a project admin adds a member by email and changes their role on the Team panel", async ({ page, request }) => {
  const project = await createProject(request);
  const person = await newUser(request);
  await page.goto(`/projects/${project.id}`);
  const team = page.getByRole("region", { name: "Team" });
  await expect(team.getByTestId("member-row")).toHaveCount(1);
  await team.getByPlaceholder("ann@example.org").fill(person.email);
  await team.getByLabel("New member's role").selectOption("researcher");
  await team.getByRole("button", { name: "Add member" }).click();
  await expect(team.getByTestId("member-row")).toHaveCount(2);
  await expect(team.getByLabel(`Role of ${person.email}`)).toHaveValue("researcher");

  await team.getByLabel(`Role of ${person.email}`).selectOption("labeler");
  await expect
    .poll(async () => {
      const r = await request.get(`/api/v1/projects/${project.id}/members`, { headers: adminAuth });
      return ((await r.json()).members as { email: string; role: string }[]).find((m) => m.email === person.email)?.role;
    })
    .toBe("labeler");

  // An unknown email is refused with the API's message.
  await team.getByPlaceholder("ann@example.org").fill("nobody@verge.test");
  await team.getByRole("button", { name: "Add member" }).click();
  await expect(team.getByRole("alert")).toContainText("not found");
});

test("creates an API token on the account page, shown once, that works until revoked", async ({ page, request }) => {
  await page.goto("/");
  await page.getByRole("link", { name: ADMIN.email }).click();
  await expect(page).toHaveURL(/\/account$/);
  const name = unique("tok");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!;
  expect(token).toMatch(/^vrg_/);
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(row).toContainText("revoked");
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);
});

async function download(page: Page, link: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link, exact: true }).click()]);
  return { name: file.suggestedFilename(), text: await fs.readFile((await file.path())!, "utf8") };
}

/** The project's decisions (id → final label) and texts, from the API's JSONL export. */
async function state(request: APIRequestContext, project: Project) {
  const res = await request.get(`/api/v1/projects/${project.id}/export?what=decisions&format=jsonl`, { headers: adminAuth });
  const rows = parseJsonl<{ id: string; label: string | null }>(await res.text());
  return new Map(rows.map((r) => [r.id, r.label]));
}

for (const [format, link, option] of [
  ["labelstudio", "Label Studio · JSON", "Label Studio JSON"],
  ["prodigy", "Prodigy · JSONL", "Prodigy JSONL"],
] as const) {
  test(`round-trips a ${option} file: export from one project, import into another, same items and labels`, async ({ page, request }) => {
    const src = await createProject(request);
    await importItems(request, src.id, makeItems(8, format));
    const next = await request.post(`/api/v1/projects/${src.id}/next`, { headers: adminAuth, data: { count: 3 } });
    const leased = (await next.json()).items as { itemId: number }[];
    for (const [i, it] of leased.entries()) {
      const r = await request.post(`/api/v1/projects/${src.id}/labels`, {
        headers: adminAuth,
        data: { itemId: it.itemId, value: i === 1 ? "ham" : "spam", requestId: unique("rt") },
      });
      expect(r.status()).toBe(201);
    }

    await page.goto(`/projects/${src.id}`);
    const file = await download(page, link);
    expect(file.name).toMatch(format === "labelstudio" ? /-label-studio-\d{4}-\d{2}-\d{2}\.json$/ : /-prodigy-\d{4}-\d{2}-\d{2}\.jsonl$/);

    const dst = await createProject(request);
    await page.goto(`/projects/${dst.id}`);
    await page.getByLabel("Format of the file").selectOption({ label: option });
    await page.getByLabel("Pool file", { exact: true }).setInputFiles({ name: file.name, mimeType: "application/json", buffer: Buffer.from(file.text, "utf8") });
    const report = page.getByTestId("import-report");
    await expect(report).toContainText("Received 8 rows: 8 new, 0 updated, 0 rejected.");
    await expect(report).toContainText("Labels stored for you: 3.");
    expect(await state(request, dst)).toEqual(await state(request, src));
  });
}

test("search filters the project list; archive shows a badge; delete needs the name typed and removes the project", async ({ page, request }) => {
  const name = unique("Doomed");
  const project = await createProject(request, { name });
  await importItems(request, project.id, makeItems(4, "del"));
  await page.goto("/");
  await page.getByLabel("Search projects").fill(name);
  const card = page.getByRole("listitem").filter({ hasText: name });
  await expect(page.getByRole("listitem")).toHaveCount(1);
  await expect(card.getByTestId("project-progress")).toContainText("0 of 4 labeled");

  await page.goto(`/projects/${project.id}`);
  const zone = page.getByRole("region", { name: "Archive or delete" });
  await zone.getByRole("button", { name: "Archive project" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("archived");
  await zone.getByRole("button", { name: "Restore project" }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toContainText("archived");

  const del = zone.getByRole("button", { name: "Delete project" });
  await zone.getByLabel("Project name to confirm deletion").fill(name.toLowerCase());
  await expect(del).toBeDisabled();
  await zone.getByLabel("Project name to confirm deletion").fill(name);
  await del.click();
  await expect(page).toHaveURL(/\/$/);
  expect((await request.get(`/api/v1/projects/${project.id}`, { headers: adminAuth })).status()).toBe(404);
});
