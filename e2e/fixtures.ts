import type { ImportReport } from "../lib/shared/types";
import { randomUUID } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ADMIN, BASE_URL } from "./constants";

export { ADMIN, BASE_URL, expect };

/** The admin's bearer header, for the `request` fixture (never set on browser contexts: those log in). */
export const adminAuth = { Authorization: `Bearer ${ADMIN.token}` } as const;

export interface Project {
  id: string;
  name: string;
  positiveLabel: string;
  negativeLabel: string;
}

export interface PoolItem {
  id: string;
  text: string;
  score: number;
}

export interface Person {
  email: string;
  password: string;
}

/** A name no other test (or earlier run against a reused server) has used. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;

async function ok<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>, what: string): Promise<T> {
  if (!res.ok()) throw new Error(`${what}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Creates a project as the admin (positive "spam", negative "ham", τ = 0.5 unless overridden). */
export async function createProject(
  request: APIRequestContext,
  over: Partial<Omit<Project, "id">> & { threshold?: number; strategy?: string; retrainEvery?: number; leaseSeconds?: number; showMeta?: boolean; labelsPerItem?: number; randomShare?: number } = {},
) {
  const res = await request.post("/api/v1/projects", {
    headers: adminAuth,
    data: { name: unique("e2e"), positiveLabel: "spam", negativeLabel: "ham", threshold: 0.5, ...over },
  });
  return ok<Project>(res, "create project");
}

/** `n` snippets with distinct texts that carry their external id, and scores spread over (0, 1). */
export function makeItems(n: number, prefix = "item"): PoolItem[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `${prefix}-${String(i + 1).padStart(3, "0")}`;
    return { id, text: `Snippet ${id}: please call back about order ${1000 + i}`, score: Math.round(((i * 37) % 97) / 97 * 1000) / 1000 };
  });
}

export type { ImportReport };

/** Imports items through the API as NDJSON. */
export async function importItems(request: APIRequestContext, projectId: string, items: PoolItem[]) {
  const res = await request.post(`/api/v1/projects/${projectId}/items`, {
    headers: { ...adminAuth, "content-type": "application/x-ndjson" },
    data: items.map((i) => JSON.stringify(i)).join("\n") + "\n",
  });
  const report = await ok<ImportReport>(res, "import items");
  expect(report, "every fixture row is valid").toMatchObject({ inserted: items.length, rejected: 0 });
  return report;
}

/** Creates a user and makes them a member of the project (a labeler unless told otherwise). */
export async function createMember(
  request: APIRequestContext,
  projectId: string,
  role: "labeler" | "researcher" | "admin" = "labeler",
): Promise<Person> {
  const person = { email: `${unique(role)}@verge.test`, password: `pw-${randomUUID()}` };
  await ok(await request.post("/api/v1/users", { headers: adminAuth, data: person }), "create user");
  await ok(
    await request.post(`/api/v1/projects/${projectId}/members`, { headers: adminAuth, data: { email: person.email, role } }),
    "add member",
  );
  return person;
}

/** Signs a browser context in through the API (the context's cookie jar receives the session cookie). */
export async function signIn(context: BrowserContext, person: Person): Promise<void> {
  // The API refuses cookie-session writes without a browser's same-origin proof; a page would send this Origin.
  const res = await context.request.post(`${BASE_URL}/api/v1/auth/login`, {
    headers: { origin: BASE_URL },
    data: { email: person.email, password: person.password },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** A new browser context signed in as `person`; closed by the caller (or by `contexts` fixture teardown). */
export async function signedInContext(browser: Browser, person: Person): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  await signIn(context, person);
  return context;
}

/** The labeling page, ready for keys: a snippet on screen and the label names loaded. */
export async function openLabeler(page: Page, project: Project): Promise<void> {
  await page.goto(`/projects/${project.id}/label`);
  await readyToLabel(page, project);
}

export async function readyToLabel(page: Page, project: Project): Promise<void> {
  await expect(page.getByTestId("snippet")).toBeVisible();
  await expect(labelButton(page, project.positiveLabel)).toBeEnabled();
}

/** A footer button: its accessible name is its key, then its label ("1 spam", "U undo"). */
export const labelButton = (page: Page, name: string) => page.getByRole("button", { name: new RegExp(`^\\w\\s*${name}$`) });

/** The snippet on screen: its internal item id and the external id its text carries (see makeItems). */
export async function currentSnippet(page: Page): Promise<{ itemId: string; id: string; text: string }> {
  const el = page.getByTestId("snippet");
  const itemId = await el.getAttribute("data-item-id");
  const text = (await el.textContent()) ?? "";
  const id = /Snippet (\S+):/.exec(text)?.[1];
  if (!itemId || !id) throw new Error(`no snippet on screen (item ${itemId}, text ${JSON.stringify(text)})`);
  return { itemId, id, text };
}

/**
 * Presses a labeling key and waits for the next snippet; returns the one now on screen. Labels save in the
 * background and the next snippets are prefetched, so the next one must appear at once: a short timeout (2 s
 * still allows for a lease refill on a busy 2-core machine when keys come ten times a second, as they do here).
 */
export async function pressAndAdvance(page: Page, key: string, before: { itemId: string }) {
  await page.keyboard.press(key);
  await expect(page.getByTestId("snippet")).not.toHaveAttribute("data-item-id", before.itemId, { timeout: 2_000 });
  return currentSnippet(page);
}

/** Waits until every label on the page is stored: no "saving N…" indicator, no error banner. */
export async function allSaved(page: Page): Promise<void> {
  await expect(page.getByText(/^saving \d+…$/)).toHaveCount(0);
  // The banners (labels not saved, load errors) each carry a retry button; Next's route announcer is also an alert.
  await expect(page.getByRole("button", { name: /^(Retry|Try again)$/ })).toHaveCount(0);
}

export interface ExportedLabel {
  id: string;
  value: string;
  labeler: string;
  createdAt: string;
  stream: string;
}

/** The project's labels as the API exports them (JSONL). */
export async function exportedLabels(request: APIRequestContext, projectId: string): Promise<ExportedLabel[]> {
  const res = await request.get(`/api/v1/projects/${projectId}/export?format=jsonl&what=labels`, { headers: adminAuth });
  expect(res.status()).toBe(200);
  return parseJsonl<ExportedLabel>(await res.text());
}

export function parseJsonl<T>(text: string): T[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

interface Fixtures {
  /** Uncaught exceptions in any page the test opened; a test fails when there is one. */
  pageErrors: string[];
  /** Opens another browser context signed in as `person` (closed after the test). */
  contexts: (person: Person) => Promise<BrowserContext>;
}

export const test = base.extend<Fixtures>({
  pageErrors: [
    async ({ context }, provide) => {
      const errors: string[] = [];
      context.on("weberror", (e) => errors.push(String(e.error()?.stack ?? e.error())));
      await provide(errors);
      expect(errors, "uncaught exceptions in the page").toEqual([]);
    },
    { auto: true },
  ],
  contexts: async ({ browser, pageErrors }, provide) => {
    const opened: BrowserContext[] = [];
    await provide(async (person) => {
      const c = await signedInContext(browser, person);
      c.on("weberror", (e) => pageErrors.push(String(e.error()?.stack ?? e.error())));
      opened.push(c);
      return c;
    });
    await Promise.all(opened.map((c) => c.close()));
  },
});
