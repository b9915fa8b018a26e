import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { sql } from "@/lib/server/db/client";
import { importItems } from "@/lib/server/import/import-items";
import { addMember } from "@/lib/server/members";
import { getProject } from "@/lib/server/projects";
import { leaseItems } from "@/lib/server/queue/lease";
import { call, type Handler } from "@/lib/server/test/call";
import { bytes, makeProject, makeUser, ndjson } from "@/lib/server/test/fixtures";
import { projectSettingsSchema, PROJECT_SETTING_KEYS } from "@/lib/shared/schemas";
import * as projects from "./projects/route";
import * as project from "./projects/[id]/route";
import * as labels from "./projects/[id]/labels/route";
import * as next from "./projects/[id]/next/route";
import * as leases from "./projects/[id]/leases/route";
import * as members from "./projects/[id]/members/route";
import * as member from "./projects/[id]/members/[userId]/route";
import * as archive from "./projects/[id]/archive/route";
import * as tokens from "./tokens/route";
import * as users from "./users/route";
import * as creators from "./project-creators/route";
import * as login from "./auth/login/route";
import * as adjudication from "./projects/[id]/items/[itemId]/adjudication/route";
import * as guidelines from "./projects/[id]/guidelines/route";

vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
  headers: async () => new Headers(),
}));

let admin: UserView;
let token: string;
let projectId = "";
let itemIds: number[] = [];
let labelerId = "";

/** Valid-looking field values mixed with anything JSON can hold, so bodies get past the first check often. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 20 }), // lone surrogates included
  fc.double(),
  fc.integer(),
  fc.constantFrom("", " ", "skip", "SKIP", "spam", "ham", "a@b.co", "edv", "margin", 0, 1, -1, 0.5, 1e308, null, true),
);
const fieldsOf = (keys: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), anyValue, { maxKeys: keys.length + 1 });

/** Path parameters besides the project id, read when the target runs (after beforeAll). */
const memberParams = () => ({ userId: labelerId });

const TARGETS: { name: string; handler: Handler; keys: string[]; method: string; runs?: number; item?: boolean; params?: () => Record<string, string> }[] = [
  { name: "POST /projects", handler: projects.POST, method: "POST", keys: ["name", ...PROJECT_SETTING_KEYS] },
  { name: "PATCH /projects/[id]", handler: project.PATCH, method: "PATCH", keys: ["name", ...PROJECT_SETTING_KEYS] },
  { name: "POST /labels", handler: labels.POST, method: "POST", keys: ["itemId", "value", "requestId"] },
  { name: "POST /next", handler: next.POST, method: "POST", keys: ["count"] },
  { name: "DELETE /leases", handler: leases.DELETE, method: "DELETE", keys: ["itemIds", "session"] },
  { name: "POST /leases", handler: leases.POST, method: "POST", keys: ["itemIds", "session"] },
  { name: "POST /members", handler: members.POST, method: "POST", keys: ["email", "role"] },
  { name: "POST /tokens", handler: tokens.POST, method: "POST", keys: ["name", "userId"] },
  { name: "POST /users", handler: users.POST, method: "POST", keys: ["email", "password", "name", "isAdmin"], runs: 40 },
  { name: "POST /project-creators", handler: creators.POST, method: "POST", keys: ["email", "canCreateProjects"] },
  { name: "POST /auth/login", handler: login.POST, method: "POST", keys: ["email", "password"], runs: 40 },
  // A real item in the path, so bodies reach the value check (DELETE reads no body: it must still never 5xx).
  { name: "POST /items/[itemId]/adjudication", handler: adjudication.POST, method: "POST", keys: ["value"], item: true },
  { name: "DELETE /items/[itemId]/adjudication", handler: adjudication.DELETE, method: "DELETE", keys: ["value"], item: true, runs: 30 },
  { name: "PUT /guidelines", handler: guidelines.PUT, method: "PUT", keys: ["markdown"] },
  // Last, since they can take the labeler out of the project or archive it (later targets would only see 404s/409s).
  { name: "PATCH /members/[userId]", handler: member.PATCH, method: "PATCH", keys: ["role"], params: memberParams },
  { name: "DELETE /members/[userId]", handler: member.DELETE, method: "DELETE", keys: ["role"], params: memberParams, runs: 20 },
  { name: "DELETE /projects/[id]", handler: project.DELETE, method: "DELETE", keys: ["confirm"], runs: 40 },
  { name: "POST /archive", handler: archive.POST, method: "POST", keys: ["archived"] },
];

beforeAll(async () => {
  admin = await makeUser(true);
  token = (await createToken(admin.id, "fuzz")).token;
  const p = await makeProject(admin, { labelsPerItem: 3 });
  projectId = p.id;
  await importItems(projectId, bytes(ndjson(Array.from({ length: 50 }, (_, i) => ({ id: `f${i}`, text: `text ${i}`, score: i / 50 }))), 4096), "ndjson");
  const labeler = await makeUser(false);
  labelerId = labeler.id;
  await addMember(projectId, labeler.email, "labeler");
  itemIds = (await leaseItems(await getProject(projectId), admin.id, 20)).map((i) => i.itemId);
});

/** Every answer is JSON with a status below 500; errors have the documented shape. */
function checkAnswer(r: Awaited<ReturnType<typeof call>>, what: string) {
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
  if (r.status >= 400) expect(r.json.error, what).toMatchObject({ code: expect.any(String), message: expect.any(String) });
}

describe("fuzzing every JSON body", () => {
  for (const t of TARGETS) {
    it(`${t.name}: never a 5xx`, async () => {
      const itemId = fc.constantFrom(...itemIds);
      const body = fc.oneof(
        fieldsOf(t.keys),
        fc.jsonValue({ maxDepth: 4 }),
        t.name === "POST /labels" ? fc.record({ itemId, value: fc.constantFrom("spam", "ham", "skip", "x"), requestId: fc.string({ minLength: 8, maxLength: 12 }) }) : fc.constant({}),
      );
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const r = await call(t.handler, { method: t.method, token, body: b, params: { id: projectId, ...(t.item ? { itemId: String(itemIds[0]) } : {}), ...t.params?.() } });
          checkAnswer(r, `${t.name} ${JSON.stringify(b).slice(0, 200)}`);
        }),
        { seed: 20261130, numRuns: t.runs ?? 120 },
      );
      // Raw text that is not JSON, or is JSON with odd escapes, is a 4xx too.
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: "binary", maxLength: 80 }), async (raw) => {
          const r = await call(t.handler, { method: t.method, token, raw, params: { id: projectId, ...(t.item ? { itemId: String(itemIds[0]) } : {}), ...t.params?.() } });
          checkAnswer(r, `${t.name} raw ${JSON.stringify(raw)}`);
        }),
        { seed: 20261130, numRuns: 40 },
      );
    });
  }

  it("covers every route that reads a JSON body (add new ones to TARGETS)", async () => {
    const sources = import.meta.glob<string>("/app/api/**/route.ts", { query: "?raw", import: "default" });
    const modules = import.meta.glob<Record<string, unknown>>("/app/api/**/route.ts");
    const fuzzed = new Set<unknown>(TARGETS.map((t) => t.handler));
    const missing: string[] = [];
    for (const [file, load] of Object.entries(sources)) {
      if (!(await load()).includes("jsonBody(")) continue;
      const mod = await modules[file]!();
      for (const m of ["POST", "PUT", "PATCH", "DELETE"]) if (typeof mod[m] === "function" && !fuzzed.has(mod[m])) missing.push(`${m} ${file}`);
    }
    expect(missing).toEqual([]);
  });

  it("left only valid state behind", async () => {
    const rows = await sql().all<Record<string, unknown>>(`SELECT * FROM "Project"`);
    for (const r of rows) {
      // SQLite stores booleans as 0/1.
      const settings = Object.fromEntries(PROJECT_SETTING_KEYS.map((k) => [k, k === "showMeta" ? Boolean(r[k]) : r[k]]));
      expect(projectSettingsSchema.safeParse(settings).success, JSON.stringify(settings)).toBe(true);
    }
    // A label's class is y; its value is the label's name when it was given (names may change since).
    const bad = await sql().all(`SELECT id FROM "Label" WHERE NOT ((y IN (0, 1) AND value <> 'skip') OR (y IS NULL AND value = 'skip'))`);
    expect(bad).toEqual([]);
    const counts = await sql().all(
      `SELECT i.id FROM "Item" i WHERE i."labelCount" <> (SELECT count(*) FROM "Label" l WHERE l."itemId" = i.id AND l."deletedAt" IS NULL AND l.y IS NOT NULL)`,
    );
    expect(counts).toEqual([]);
    const unserved = await sql().all(`SELECT l.id FROM "Label" l WHERE NOT EXISTS (SELECT 1 FROM "Serve" s WHERE s."itemId" = l."itemId" AND s."userId" = l."userId")`);
    expect(unserved).toEqual([]);
  });
});
