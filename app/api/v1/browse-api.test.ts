import { beforeAll, describe, expect, it } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { addMember } from "@/lib/server/members";
import { makeProject, makeUser } from "@/lib/server/test/fixtures";
import * as items from "./projects/[id]/items/route";
import * as item from "./projects/[id]/items/[itemId]/route";

let owner: UserView;
let ownerToken: string;
let labelerToken: string;
let projectId: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route handlers differ only in their params' shape
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

async function call(handler: Handler, params: Record<string, string>, query = "", token?: string, body?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers["content-type"] = "application/x-ndjson";
  const res = await handler(new Request(`http://verge.test/api${query}`, { method: body === undefined ? "GET" : "POST", headers, body }), {
    params: Promise.resolve(params),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

beforeAll(async () => {
  owner = await makeUser(true);
  ownerToken = (await createToken(owner.id, "t")).token;
  const labeler = await makeUser();
  labelerToken = (await createToken(labeler.id, "t")).token;
  projectId = (await makeProject(owner)).id;
  await addMember(projectId, labeler.email, "labeler");
  const rows = ['{"id":"x1","text":"the quick brown fox","score":0.95}', '{"id":"x2","text":"lazy dog","score":0.1}'].join("\n");
  expect((await call(items.POST, { id: projectId }, "", ownerToken, rows + "\n")).status).toBe(200);
});

describe("GET /projects/{id}/items and /items/{itemId}", () => {
  it("lists and searches for researchers; labelers and strangers are refused", async () => {
    const page = await call(items.GET, { id: projectId }, "?search=BROWN&sort=q", ownerToken);
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ items: [{ externalId: "x1", text: "the quick brown fox", q: 0.95, decision: "spam" }], nextCursor: null });
    expect((await call(items.GET, { id: projectId }, "", labelerToken)).status).toBe(403);
    expect((await call(items.GET, { id: projectId }, "")).status).toBe(401);
    const id = String((page.json.items as { id: number }[])[0]!.id);
    expect((await call(item.GET, { id: projectId, itemId: id }, "", labelerToken)).status).toBe(403);
    const detail = await call(item.GET, { id: projectId, itemId: id }, "", ownerToken);
    expect(detail.json).toMatchObject({ externalId: "x1", text: "the quick brown fox", threshold: 0.9, labels: [] });
  });

  it.each([
    ["?qMin=1.5", "query.qMin: must be ≤ 1"],
    ["?scoreMax=-0.1", "query.scoreMax: must be ≥ 0"],
    ["?qMin=abc", "query.qMin: must be a number"],
    ["?limit=ten", "query.limit: must be a number"],
    ["?qMin=0.8&qMax=0.2", "query.qMin: must be ≤ qMax"],
    ["?scoreMin=0.8&scoreMax=0.2", "query.scoreMin: must be ≤ scoreMax"],
    ["?nearTau=0", "query.nearTau: must be > 0"],
    ["?sort=newest", "query.sort: "],
    ["?order=up", "query.order: "],
    ["?state=done", "query.state: "],
    ["?stream=mine", "query.stream: "],
    ["?decision=yes", "query.decision: "],
    ["?modelVersion=1.5", "query.modelVersion: must be an integer"],
    ["?limit=0", "query.limit: must be ≥ 1"],
    ["?limit=1000", "query.limit: must be ≤ 200"],
    ["?search=ab", "query.search: must be at least 3 characters"],
    ["?cursor=%25%25%25", "query.cursor: malformed cursor"],
    ["?cursor=eyJzIjoicSJ9", "query.cursor: malformed cursor"],
    ["?colour=red", "query: "],
  ])("%s is a 400 naming the field", async (query, message) => {
    const r = await call(items.GET, { id: projectId }, query, ownerToken);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "invalid_request", message: expect.stringContaining(message) });
  });

  it("a cursor from another sort is a 400; an unknown or foreign item is a 404; a bad item id a 400", async () => {
    const first = await call(items.GET, { id: projectId }, "?limit=1&sort=q", ownerToken);
    const cursor = first.json.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const wrong = await call(items.GET, { id: projectId }, `?limit=1&sort=distance&cursor=${cursor}`, ownerToken);
    expect(wrong.status).toBe(400);
    expect(wrong.json.error!.message).toMatch(/^query\.cursor: this cursor belongs to another sort/);
    const next = await call(items.GET, { id: projectId }, `?limit=1&sort=q&cursor=${cursor}`, ownerToken);
    expect(first.json).toMatchObject({ items: [{ externalId: "x1" }] });
    expect(next.json).toMatchObject({ items: [{ externalId: "x2" }], nextCursor: null });
    expect((await call(item.GET, { id: projectId, itemId: "abc" }, "", ownerToken)).json.error!.message).toMatch(/^path\.itemId: /);
    expect((await call(item.GET, { id: projectId, itemId: "999999999" }, "", ownerToken)).status).toBe(404);
    const other = await makeProject(owner);
    const id = String(((first.json.items as { id: number }[])[0]!).id);
    expect((await call(item.GET, { id: other.id, itemId: id }, "", ownerToken)).status).toBe(404);
  });
});

describe("OpenAPI", () => {
  it("documents the browser's query parameters and the item endpoint", async () => {
    const { openApiDocument } = await import("@/lib/server/openapi");
    const paths = openApiDocument().paths as unknown as Record<string, Record<string, { parameters: { name: string; schema: Record<string, unknown> }[] }>>;
    const params = paths["/projects/{id}/items"]!.get!.parameters;
    expect(params.map((p) => p.name)).toEqual(expect.arrayContaining(["search", "qMin", "qMax", "scoreMin", "scoreMax", "decision", "nearTau", "state", "stream", "labeler", "modelVersion", "sort", "order", "limit", "cursor"]));
    expect(params.find((p) => p.name === "sort")!.schema).toMatchObject({ enum: ["priority", "q", "distance", "lastLabel"], default: "priority" });
    expect(params.find((p) => p.name === "qMin")!.schema).toMatchObject({ type: "number", minimum: 0, maximum: 1 });
    expect(paths["/projects/{id}/items/{itemId}"]!.get).toBeDefined();
  });
});
