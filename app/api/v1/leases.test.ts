import { beforeAll, describe, expect, it } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { addMember } from "@/lib/server/members";
import { importItems } from "@/lib/server/import/import-items";
import { bytes, makeProject, makeUser, ndjson } from "@/lib/server/test/fixtures";
import * as next from "./projects/[id]/next/route";
import * as leases from "./projects/[id]/leases/route";

let admin: UserView;
let adminToken: string;
let labelerToken: string;
let projectId: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route handlers differ only in their params' shape
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

async function call(handler: Handler, method: string, token: string, body: unknown) {
  const req = new Request("http://verge.test/api", {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const res = await handler(req, { params: Promise.resolve({ id: projectId }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: { message: string } } };
}

beforeAll(async () => {
  admin = await makeUser(true);
  adminToken = (await createToken(admin.id, "test")).token;
  const labeler = await makeUser(false);
  labelerToken = (await createToken(labeler.id, "test")).token;
  const p = await makeProject(admin, { auditFraction: 0 });
  projectId = p.id;
  await addMember(p.id, labeler.email, "labeler");
  const rows = Array.from({ length: 10 }, (_, i) => ({ id: `l${i}`, text: `t${i}`, score: i / 10, meta: { k: i } }));
  await importItems(p.id, bytes(ndjson(rows), 4096), "ndjson");
});

describe("leases API", () => {
  it("serves each tab (session) its own items, renews them, reports lost ones, and releases one tab's only", async () => {
    const t1 = await call(next.POST, "POST", labelerToken, { count: 3, session: "tab-1-session" });
    const t2 = await call(next.POST, "POST", labelerToken, { count: 3, session: "tab-2-session" });
    const ids1 = (t1.json.items as { itemId: number }[]).map((i) => i.itemId);
    const ids2 = (t2.json.items as { itemId: number }[]).map((i) => i.itemId);
    expect(new Set([...ids1, ...ids2]).size).toBe(6);
    // Labelers see neither the stream nor hidden metadata.
    expect(t1.json.items).toEqual(ids1.map(() => expect.not.objectContaining({ stream: expect.anything() })));
    expect((t1.json.items as { meta: unknown }[]).every((i) => i.meta === null)).toBe(true);

    const renewed = await call(leases.POST, "POST", labelerToken, { itemIds: [...ids1, ids2[0]], session: "tab-1-session" });
    expect(renewed.status).toBe(200);
    expect(renewed.json).toMatchObject({ held: [...ids1].sort((a, b) => a - b), lost: [ids2[0]] });

    const released = await call(leases.DELETE, "DELETE", labelerToken, { session: "tab-1-session" });
    expect(released.json).toEqual({ released: 3 });
    expect((await call(leases.POST, "POST", labelerToken, { itemIds: ids2, session: "tab-2-session" })).json.held).toEqual([...ids2].sort((a, b) => a - b));
  });

  it("answers bad bodies with a 400 naming the field; researchers still see the stream", async () => {
    const bad = await call(leases.POST, "POST", labelerToken, { itemIds: ["x"] });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/^body\.itemIds\.0/);
    const short = await call(next.POST, "POST", labelerToken, { session: "x" });
    expect(short.status).toBe(400);
    expect(short.json.error?.message).toMatch(/^body\.session/);
    const asAdmin = await call(next.POST, "POST", adminToken, { count: 1 });
    expect(asAdmin.json.items).toEqual([expect.objectContaining({ stream: "active", meta: { k: expect.any(Number) } })]);
  });
});
