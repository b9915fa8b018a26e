import { beforeAll, describe, expect, it, vi } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { db } from "@/lib/server/db/client";
import { GUARDED } from "@/lib/server/http";
import { importItems } from "@/lib/server/import/import-items";
import { createLabel } from "@/lib/server/labels";
import { addMember } from "@/lib/server/members";
import { getProject } from "@/lib/server/projects";
import { sql } from "@/lib/server/db/client";
import { adjudicate } from "@/lib/server/review";
import { leaseItems } from "@/lib/server/queue/lease";
import { call, type CallOptions, type Handler } from "@/lib/server/test/call";
import { bytes, makeProject, makeUser, ndjson, TEST_PASSWORD } from "@/lib/server/test/fixtures";
import type { Role } from "@/lib/shared/schemas";

// Sign-in and sign-out set cookies through next/headers, which needs Next's request scope: a plain jar here.
vi.mock("next/headers", () => {
  const jar = new Map<string, string>();
  return {
    cookies: async () => ({
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
      set: (name: string, value: string) => void jar.set(name, value),
      delete: (name: string) => void jar.delete(name),
    }),
    headers: async () => new Headers(),
  };
});

/**
 * Who may call what: every handler exported by app/api/**\/route.ts must have an entry, so a new endpoint fails
 * this test until its access rule is written down here.
 *  public: anyone, status given;  user: any signed-in user;  admin: global admins only;  creator: users allowed
 *  to create projects (global admins here); project:<role>: that role or above in the project (non-members 404);
 *  missing: a JSON 404 for everyone.
 */
type Rule = { kind: "public" | "user" | "admin" | "creator" | "missing"; ok: number } | { kind: "project"; min: Role; ok: number };

type Principal = "anonymous" | "badToken" | "revokedToken" | "labeler" | "researcher" | "projectAdmin" | "otherMember" | "globalAdmin";
const PRINCIPALS: Principal[] = ["anonymous", "badToken", "revokedToken", "labeler", "researcher", "projectAdmin", "otherMember", "globalAdmin"];
const ROLE_OF: Partial<Record<Principal, Role>> = { labeler: "labeler", researcher: "researcher", projectAdmin: "admin", globalAdmin: "admin" };
const RANK: Record<Role, number> = { labeler: 1, researcher: 2, admin: 3 };

interface Ctx {
  projectId: string;
  user: UserView | null;
  token: string | undefined;
}
/** Builds a valid request for the caller (creating what it needs), so authorised callers get the success status. */
type Make = (c: Ctx) => Promise<CallOptions>;

const users: Partial<Record<Principal, UserView>> = {};
const tokens: Partial<Record<Principal, string>> = {};
let projectId = "";
let n = 0;
const uniq = () => `${Date.now().toString(36)}-${++n}`;
const json = (body: unknown): CallOptions => ({ body });

async function labelFor(c: Ctx): Promise<string> {
  // An item served to the caller, labeled by them; a caller outside the project gets someone else's label.
  const who = c.user && ROLE_OF[principalOf(c.user)] ? c.user : users.labeler!;
  const project = await getProject(c.projectId);
  const [item] = await leaseItems(project, who.id, 1);
  if (!item) throw new Error("pool exhausted");
  return (await createLabel(project, who.id, { itemId: item.itemId, value: "spam", requestId: `matrix-${uniq()}` })).labelId;
}
async function anyItem(c: Ctx): Promise<string> {
  const r = await sql().get<{ id: number }>(`SELECT id FROM "Item" WHERE "projectId" = ? ORDER BY id LIMIT 1`, [c.projectId]);
  return String(r!.id);
}
function principalOf(u: UserView): Principal {
  return (Object.entries(users).find(([, v]) => v?.id === u.id)?.[0] ?? "anonymous") as Principal;
}

const P = (min: Role, ok: number): Rule => ({ kind: "project", min, ok });
const ENDPOINTS: Record<string, { rule: Rule; make?: Make }> = {
  "GET /me": { rule: { kind: "user", ok: 200 } },
  "GET /openapi.json": { rule: { kind: "public", ok: 200 } },
  "POST /auth/login": {
    rule: { kind: "public", ok: 200 },
    // A client address of its own per call: sign-in is rate-limited per IP.
    make: async () => ({ body: { email: users.labeler!.email, password: TEST_PASSWORD }, headers: { "x-forwarded-for": `198.51.100.${++n % 250}` } }),
  },
  "POST /auth/logout": { rule: { kind: "public", ok: 204 } },
  "POST /users": { rule: { kind: "admin", ok: 201 }, make: async () => json({ email: `new-${uniq()}@test.local`, password: TEST_PASSWORD }) },
  "POST /tokens": { rule: { kind: "user", ok: 201 }, make: async () => json({ name: "matrix" }) },
  "GET /tokens": { rule: { kind: "user", ok: 200 } },
  "DELETE /tokens/[tokenId]": {
    rule: { kind: "user", ok: 204 },
    make: async (c) => ({ params: { tokenId: (await createToken((c.user ?? users.labeler!).id, "to-revoke")).id } }),
  },
  "GET /project-creators": { rule: { kind: "admin", ok: 200 } },
  "POST /project-creators": { rule: { kind: "admin", ok: 200 }, make: async () => json({ email: users.labeler!.email, canCreateProjects: false }) },
  "GET /projects": { rule: { kind: "user", ok: 200 } },
  "POST /projects": { rule: { kind: "creator", ok: 201 }, make: async () => json({ name: "M", positiveLabel: "a", negativeLabel: "b", threshold: 0.5 }) },
  "GET /projects/[id]": { rule: P("labeler", 200) },
  "PATCH /projects/[id]": { rule: P("researcher", 200), make: async () => json({ threshold: 0.6 }) },
  // A wrong confirmation name: an authorised caller gets the 400, so the shared project survives the matrix.
  "DELETE /projects/[id]": { rule: P("admin", 400), make: async () => ({ query: "?confirm=not-its-name" }) },
  "POST /projects/[id]/archive": { rule: P("admin", 200), make: async () => json({ archived: false }) },
  "GET /projects/[id]/export": { rule: P("researcher", 200) },
  "POST /projects/[id]/items": {
    rule: P("researcher", 200),
    make: async () => ({ raw: ndjson([{ id: `x-${uniq()}`, text: "more", score: 0.4 }]), type: "application/x-ndjson" }),
  },
  "GET /projects/[id]/items": { rule: P("researcher", 200), make: async () => ({ query: "?search=text&limit=5" }) },
  "GET /projects/[id]/items/[itemId]": {
    rule: P("researcher", 200),
    make: async (c) => {
      const [item] = await leaseItems(await getProject(c.projectId), users.labeler!.id, 1);
      return { params: { itemId: String(item!.itemId) } };
    },
  },
  "POST /projects/[id]/scores": {
    rule: P("researcher", 200),
    make: async () => ({ raw: ndjson([{ id: "i0", score: 0.3 }]), type: "application/x-ndjson", query: "?model=matrix" }),
  },
  "POST /projects/[id]/labels": {
    rule: P("labeler", 201),
    make: async (c) => {
      const who = c.user ?? users.labeler!;
      const [item] = await leaseItems(await getProject(c.projectId), ROLE_OF[principalOf(who)] ? who.id : users.labeler!.id, 1);
      return json({ itemId: item!.itemId, value: "ham", requestId: `matrix-${uniq()}` });
    },
  },
  "DELETE /projects/[id]/labels/[labelId]": { rule: P("labeler", 200), make: async (c) => ({ params: { labelId: await labelFor(c) } }) },
  "DELETE /projects/[id]/leases": { rule: P("labeler", 200), make: async () => json({}) },
  "GET /projects/[id]/members": { rule: P("researcher", 200) },
  "POST /projects/[id]/members": {
    rule: P("admin", 201),
    make: async () => json({ email: (await makeUser(false)).email, role: "labeler" }),
  },
  "PATCH /projects/[id]/members/[userId]": {
    rule: P("admin", 200),
    make: async (c) => {
      const u = await makeUser(false);
      await addMember(c.projectId, u.email, "labeler");
      return { params: { userId: u.id }, body: { role: "researcher" } };
    },
  },
  "DELETE /projects/[id]/members/[userId]": {
    rule: P("admin", 204),
    make: async (c) => {
      const u = await makeUser(false);
      await addMember(c.projectId, u.email, "labeler");
      return { params: { userId: u.id } };
    },
  },
  "POST /projects/[id]/next": { rule: P("labeler", 200), make: async () => json({ count: 1 }) },
  "GET /projects/[id]/retrain": { rule: P("researcher", 200) },
  "POST /projects/[id]/retrain": { rule: P("researcher", 202) },
  "GET /projects/[id]/stats": { rule: P("labeler", 200) },
  "GET /projects/[id]/history": { rule: P("researcher", 200) },
  "GET /projects/[id]/labelers": { rule: P("researcher", 200) },
  "GET /projects/[id]/reliability": { rule: P("researcher", 200) },
  "GET /projects/[id]/thresholds": { rule: P("researcher", 200) },
  "POST /projects/[id]/leases": { rule: P("labeler", 200), make: async () => json({ itemIds: [1] }) },
  "GET /projects/[id]/review": { rule: P("researcher", 200) },
  "POST /projects/[id]/items/[itemId]/adjudication": {
    rule: P("researcher", 201),
    // The other class than the live one, so every authorised call makes a new adjudication (201).
    make: async (c) => {
      const itemId = await anyItem(c);
      const live = await sql().get<{ y: number }>(`SELECT y FROM "Adjudication" WHERE "itemId" = ? AND "undoneAt" IS NULL`, [Number(itemId)]);
      return { params: { itemId }, body: { value: live && Number(live.y) === 1 ? "ham" : "spam" } };
    },
  },
  "DELETE /projects/[id]/items/[itemId]/adjudication": {
    rule: P("researcher", 200),
    make: async (c) => {
      const itemId = await anyItem(c);
      await adjudicate(await getProject(c.projectId), users.researcher!.id, Number(itemId), n++ % 2 ? "spam" : "ham");
      return { params: { itemId } };
    },
  },
  "GET /projects/[id]/guidelines": { rule: P("labeler", 200) },
  "PUT /projects/[id]/guidelines": { rule: P("researcher", 200), make: async () => json({ markdown: `# Rules ${uniq()}` }) },
  ...Object.fromEntries(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].map((m) => [`${m} /[...path]`, { rule: { kind: "missing", ok: 404 } as Rule }])),
};

function expected(rule: Rule, who: Principal): number {
  if (rule.kind === "missing") return 404;
  if (rule.kind === "public") return rule.ok;
  if (who === "anonymous" || who === "badToken" || who === "revokedToken") return 401;
  if (rule.kind === "user") return rule.ok;
  if (rule.kind === "admin" || rule.kind === "creator") return who === "globalAdmin" ? rule.ok : 403;
  const role = ROLE_OF[who];
  if (!role) return 404;
  const { min } = rule as { min: Role };
  return RANK[role] >= RANK[min] ? rule.ok : 403;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const modules = import.meta.glob<Record<string, unknown>>("/app/api/**/route.ts");

/** Every (method, path) the route table serves, from the files themselves. */
async function routeTable(): Promise<{ key: string; api: boolean; handler: Handler }[]> {
  const out = [];
  for (const [file, load] of Object.entries(modules)) {
    const mod = await load();
    const path = file.replace(/^\/app\/api/, "").replace(/\/route\.ts$/, "") || "/";
    for (const m of METHODS) {
      if (typeof mod[m] !== "function") continue;
      const api = path.startsWith("/v1/");
      out.push({ key: `${m} ${api ? path.slice(3) || "/" : path}`, api, handler: mod[m] as Handler });
    }
  }
  return out;
}

beforeAll(async () => {
  users.globalAdmin = await makeUser(true);
  for (const p of ["labeler", "researcher", "projectAdmin", "otherMember", "revokedToken"] as const) users[p] = await makeUser(false);
  const project = await makeProject(users.globalAdmin, { labelsPerItem: 10 });
  projectId = project.id;
  await importItems(projectId, bytes(ndjson(Array.from({ length: 400 }, (_, i) => ({ id: `i${i}`, text: `t${i}`, score: 0.5 }))), 4096), "ndjson");
  await addMember(projectId, users.labeler!.email, "labeler");
  await addMember(projectId, users.researcher!.email, "researcher");
  await addMember(projectId, users.projectAdmin!.email, "admin");
  const other = await makeProject(users.globalAdmin);
  await addMember(other.id, users.otherMember!.email, "admin");
  for (const p of Object.keys(users) as Principal[]) tokens[p] = (await createToken(users[p]!.id, "matrix")).token;
  await db().apiToken.updateMany({ where: { userId: users.revokedToken!.id }, data: { revokedAt: new Date() } });
  tokens.badToken = "vrg_not-a-real-token-0000000000";
  delete users.revokedToken;
});

describe("authorization matrix", () => {
  it("has an entry for every endpoint of the route table (add one for a new endpoint)", async () => {
    const keys = (await routeTable()).filter((r) => r.api).map((r) => r.key);
    expect(keys.filter((k) => !(k in ENDPOINTS))).toEqual([]);
    expect(Object.keys(ENDPOINTS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it("guards every API write handler against cross-site requests (made with route())", async () => {
    const unguarded = (await routeTable()).filter((r) => !/^(GET|HEAD|OPTIONS) /.test(r.key) && !(r.handler as unknown as Record<symbol, unknown>)[GUARDED]);
    expect(unguarded.map((r) => r.key)).toEqual([]);
  });

  it("answers every endpoint × caller with the expected status", async () => {
    const table = (await routeTable()).filter((r) => r.api);
    const wrong: string[] = [];
    for (const { key, handler } of table) {
      const entry = ENDPOINTS[key]!;
      for (const who of PRINCIPALS) {
        const user = users[who] ?? null;
        const token = tokens[who];
        const opts = entry.make ? await entry.make({ projectId, user, token }) : {};
        const res = await call(handler, {
          method: key.split(" ")[0],
          ...opts,
          token,
          // As from Verge's own page: cross-site refusals are hardening.test.ts's subject, not this table's.
          headers: { "sec-fetch-site": "same-origin", ...opts.headers },
          params: { id: projectId, path: "nowhere", ...opts.params } as Record<string, string>,
        });
        const want = expected(entry.rule, who);
        if (res.status !== want) wrong.push(`${key} as ${who}: ${res.status} (want ${want}) ${res.text.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
