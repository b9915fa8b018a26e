import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { db, sql } from "@/lib/server/db/client";
import { importItems } from "@/lib/server/import/import-items";
import { enqueueJob } from "@/lib/server/jobs/queue";
import { createLabel } from "@/lib/server/labels";
import { addMember } from "@/lib/server/members";
import { getProject } from "@/lib/server/projects";
import { leaseItems } from "@/lib/server/queue/lease";
import { bytes, makeProject, makeUser, ndjson } from "@/lib/server/test/fixtures";
import * as projects from "./projects/route";
import * as project from "./projects/[id]/route";
import * as archive from "./projects/[id]/archive/route";
import * as next from "./projects/[id]/next/route";
import * as labels from "./projects/[id]/labels/route";
import * as members from "./projects/[id]/members/route";
import * as member from "./projects/[id]/members/[userId]/route";
import * as tokens from "./tokens/route";
import * as token from "./tokens/[tokenId]/route";
import { adjudicate } from "@/lib/server/review";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route handlers differ only in their params' shape
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

async function call(handler: Handler, opts: { method?: string; token: string; body?: unknown; params?: Record<string, string>; query?: string }) {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token}` };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const req = new Request(`http://verge.test/api${opts.query ?? ""}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
  return { status: res.status, json: (text ? JSON.parse(text) : null) as any };
}

/**
 * Every model of prisma/schema.prisma, and whether it holds rows of one project (a projectId column, or an itemId
 * column reaching the project through its item): the deletion must cover them all. The audit log names deleted
 * projects on purpose and outlives them.
 */
const MODELS = [...fs.readFileSync("prisma/schema.prisma", "utf8").matchAll(/^model (\w+) \{([^}]*)\}/gm)].map((m) => {
  const direct = m[1] !== "AuditLog" && /^\s+projectId\s/m.test(m[2]!);
  const viaItem = !direct && /^\s+itemId\s/m.test(m[2]!);
  return { table: m[1]!, perProject: direct || viaItem, viaItem };
});

async function counts(projectId: string) {
  const out: Record<string, number> = {};
  for (const { table, perProject, viaItem } of MODELS) {
    const r = await sql().get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "${table}"`);
    out[table] = Number(r!.n);
    if (perProject) {
      const p = await sql().get<{ n: number | string }>(
        viaItem
          ? `SELECT COUNT(*) AS n FROM "${table}" t JOIN "Item" i ON i.id = t."itemId" WHERE i."projectId" = ?`
          : `SELECT COUNT(*) AS n FROM "${table}" WHERE "projectId" = ?`,
        [projectId],
      );
      out[`${table}@project`] = Number(p!.n);
    }
  }
  const pr = await sql().get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "Project" WHERE id = ?`, [projectId]);
  out["Project@project"] = Number(pr!.n);
  return out;
}

let admin: UserView, adminToken: string, researcher: UserView, researcherToken: string, labeler: UserView, labelerToken: string;

beforeAll(async () => {
  admin = await makeUser(false);
  adminToken = (await createToken(admin.id, "t")).token;
  researcher = await makeUser(false);
  researcherToken = (await createToken(researcher.id, "t")).token;
  labeler = await makeUser(false);
  labelerToken = (await createToken(labeler.id, "t")).token;
});

/** A project with items, labels, an adjudication, a job, a model version, an audit plan and three members. */
async function fullProject(name: string) {
  // A randomized queue share, so the project also has a queue round (EstRound) to delete.
  const p = await makeProject(admin, { name, randomShare: 0.5 });
  await addMember(p.id, researcher.email, "researcher");
  await addMember(p.id, labeler.email, "labeler");
  await importItems(p.id, bytes(ndjson(Array.from({ length: 20 }, (_, i) => ({ id: `${name}-${i}`, text: `text ${i}`, score: i / 20 }))), 4096), "ndjson");
  const proj = await getProject(p.id);
  const leased = await leaseItems(proj, labeler.id, 3);
  for (const [i, it] of leased.entries()) await createLabel(proj, labeler.id, { itemId: it.itemId, value: "spam", requestId: `${name}-r${i}` });
  await adjudicate(proj, researcher.id, leased[0]!.itemId, "ham");
  await enqueueJob(p.id, "retrain", { reason: "test" });
  await db().modelVersion.create({ data: { projectId: p.id, version: 99, kind: "trained" } });
  await db().auditPlan.create({ data: { projectId: p.id, tau: 0.9, poolSize: 20, budget: 5, modelVersion: 0, strata: "[]" } });
  return proj;
}

describe("project deletion", () => {
  it("removes every row of the project, nothing of another, and logs it; only project admins, with the exact name", async () => {
    const a = await fullProject("Doomed");
    const b = await fullProject("Kept");
    const beforeA = await counts(a.id);
    const beforeB = await counts(b.id);
    for (const { table, perProject } of MODELS) if (perProject) expect(beforeA[`${table}@project`], table).toBeGreaterThan(0);

    const asResearcher = await call(project.DELETE, { method: "DELETE", token: researcherToken, params: { id: a.id }, query: "?confirm=Doomed" });
    expect(asResearcher.status).toBe(403);
    const missing = await call(project.DELETE, { method: "DELETE", token: adminToken, params: { id: a.id } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toMatch(/^query\.confirm: required/);
    const wrong = await call(project.DELETE, { method: "DELETE", token: adminToken, params: { id: a.id }, query: "?confirm=doomed" });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toMatch(/^query\.confirm: must be the project's exact name/);
    expect(await counts(a.id)).toEqual(beforeA);

    const ok = await call(project.DELETE, { method: "DELETE", token: adminToken, params: { id: a.id }, query: "?confirm=Doomed" });
    expect(ok.status).toBe(200);
    expect(ok.json.removed).toMatchObject({ Item: 20, Label: 3, Member: 3, ModelVersion: beforeA["ModelVersion@project"] });

    const afterA = await counts(a.id);
    for (const { table, perProject } of MODELS) {
      if (perProject) expect(afterA[`${table}@project`], table).toBe(0);
      const expected = table === "AuditLog" ? beforeA[table]! + 1 : beforeA[table]! - (perProject ? beforeA[`${table}@project`]! : 0) - (table === "Project" ? 1 : 0);
      expect(afterA[table], table).toBe(expected);
    }
    expect(afterA["Project@project"]).toBe(0);
    const afterB = await counts(b.id);
    for (const { table, perProject } of MODELS) if (perProject) expect(afterB[`${table}@project`], table).toBe(beforeB[`${table}@project`]);

    const log = await db().auditLog.findMany({ where: { projectId: a.id } });
    expect(log).toMatchObject([{ action: "project.delete", actorId: admin.id, actor: admin.email }]);
    expect(JSON.parse(log[0]!.details!)).toMatchObject({ name: "Doomed", removed: { Item: 20 } });

    const again = await call(project.DELETE, { method: "DELETE", token: adminToken, params: { id: a.id }, query: "?confirm=Doomed" });
    expect(again.status).toBe(404);
  });
});

describe("archiving", () => {
  it("hides the project from labelers and refuses next and labels with 409, until restored", async () => {
    const p = await fullProject("Archived");
    const byLabeler = await call(archive.POST, { method: "POST", token: labelerToken, params: { id: p.id }, body: { archived: true } });
    expect(byLabeler.status).toBe(403);
    const bad = await call(archive.POST, { method: "POST", token: adminToken, params: { id: p.id }, body: { archived: "yes" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^body\.archived: /);
    const done = await call(archive.POST, { method: "POST", token: adminToken, params: { id: p.id }, body: { archived: true } });
    expect(done.status).toBe(200);
    expect(done.json.archivedAt).toEqual(expect.any(String));

    const listed = await call(projects.GET, { token: labelerToken });
    expect(listed.json.projects.map((x: { id: string }) => x.id)).not.toContain(p.id);
    const forAdmin = await call(projects.GET, { token: adminToken });
    expect(forAdmin.json.projects.find((x: { id: string }) => x.id === p.id)).toMatchObject({ archivedAt: expect.any(String) });

    const n = await call(next.POST, { method: "POST", token: labelerToken, params: { id: p.id }, body: { count: 1 } });
    expect(n.status).toBe(409);
    expect(n.json.error.message).toMatch(/archived/);
    const l = await call(labels.POST, { method: "POST", token: labelerToken, params: { id: p.id }, body: { itemId: 1, value: "spam", requestId: "arch-1" } });
    expect(l.status).toBe(409);

    await call(archive.POST, { method: "POST", token: adminToken, params: { id: p.id }, body: { archived: false } });
    expect((await call(next.POST, { method: "POST", token: labelerToken, params: { id: p.id }, body: { count: 1 } })).status).toBe(200);
    const log = await db().auditLog.findMany({ where: { projectId: p.id }, orderBy: { at: "asc" } });
    expect(log.map((e) => e.action)).toEqual(["project.archive", "project.unarchive"]);
  });
});

describe("project list", () => {
  it("shows progress per project and filters by name", async () => {
    const p = await fullProject("Progress Zebra");
    const r = await call(projects.GET, { token: adminToken, query: "?q=zebra" });
    expect(r.json.projects).toHaveLength(1);
    expect(r.json.projects[0]).toMatchObject({ id: p.id, progress: { items: 20, labeled: 3 } });
  });
});

describe("members and tokens", () => {
  it("project admins change roles and remove members; the last admin stays; bad roles are 400", async () => {
    const p = await fullProject("Team");
    const list = await call(members.GET, { token: researcherToken, params: { id: p.id } });
    expect(list.json.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [admin.email, "admin"],
      [researcher.email, "researcher"],
      [labeler.email, "labeler"],
    ]);
    const byResearcher = await call(member.PATCH, { method: "PATCH", token: researcherToken, params: { id: p.id, userId: labeler.id }, body: { role: "admin" } });
    expect(byResearcher.status).toBe(403);
    const bad = await call(member.PATCH, { method: "PATCH", token: adminToken, params: { id: p.id, userId: labeler.id }, body: { role: "owner" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^body\.role: /);
    const up = await call(member.PATCH, { method: "PATCH", token: adminToken, params: { id: p.id, userId: labeler.id }, body: { role: "researcher" } });
    expect(up.json).toMatchObject({ userId: labeler.id, email: labeler.email, role: "researcher" });
    const demoteLast = await call(member.PATCH, { method: "PATCH", token: adminToken, params: { id: p.id, userId: admin.id }, body: { role: "labeler" } });
    expect(demoteLast.status).toBe(409);
    const removeLast = await call(member.DELETE, { method: "DELETE", token: adminToken, params: { id: p.id, userId: admin.id } });
    expect(removeLast.status).toBe(409);
    expect((await call(member.DELETE, { method: "DELETE", token: adminToken, params: { id: p.id, userId: labeler.id } })).status).toBe(204);
    expect((await call(member.PATCH, { method: "PATCH", token: adminToken, params: { id: p.id, userId: labeler.id }, body: { role: "admin" } })).status).toBe(404);
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const p = await fullProject("Two admins");
    await addMember(p.id, researcher.email, "admin");
    const results = await Promise.all([
      call(member.PATCH, { method: "PATCH", token: adminToken, params: { id: p.id, userId: researcher.id }, body: { role: "labeler" } }),
      call(member.PATCH, { method: "PATCH", token: researcherToken, params: { id: p.id, userId: admin.id }, body: { role: "labeler" } }),
    ]);
    // Whichever ran second was refused (409) or, having lost its own admin role first, forbidden (403).
    expect(results.map((r) => r.status).sort()).toEqual([200, results.some((r) => r.status === 403) ? 403 : 409].sort());
    const admins = await db().member.count({ where: { projectId: p.id, role: "admin" } });
    expect(admins).toBe(1);
  });

  it("lists the caller's tokens without secrets, and shows revocation", async () => {
    const u = await makeUser(false);
    const first = (await createToken(u.id, "first")).token;
    const made = await call(tokens.POST, { method: "POST", token: first, body: { name: "laptop" } });
    expect(made.status).toBe(201);
    await call(token.DELETE, { method: "DELETE", token: first, params: { tokenId: made.json.tokenId } });
    const r = await call(tokens.GET, { token: first });
    expect(r.json.tokens.map((t: { name: string; revokedAt: string | null }) => [t.name, t.revokedAt !== null])).toEqual([
      ["laptop", true],
      ["first", false],
    ]);
    expect(JSON.stringify(r.json)).not.toContain(made.json.token);
    expect(Object.keys(r.json.tokens[0]).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "revokedAt"]);
  });
});

describe("OpenAPI document", () => {
  /** Routes not described; anything else under app/api/v1 must be. */
  // The catch-all under /api/v1 only answers unknown paths with a JSON 404: nothing to describe.
  const UNDESCRIBED = new Set(["/openapi.json", "/[...path]"]);

  it("describes every method of every route handler under app/api/v1", async () => {
    const { openApiDocument } = await import("@/lib/server/openapi");
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(full);
        else if (e.name === "route.ts") {
          const path = dir.slice("app/api/v1".length).replace(/\[(\w+)\]/g, "{$1}") || "/";
          if (UNDESCRIBED.has(path)) continue;
          for (const [, method] of fs.readFileSync(full, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g))
            if (!paths[path]?.[method!.toLowerCase()]) missing.push(`${method} ${path}`);
        }
      }
    };
    walk("app/api/v1");
    expect(missing).toEqual([]);
  });
});
