import { beforeAll, describe, expect, it } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { makeUser } from "@/lib/server/test/fixtures";
import * as projects from "./projects/route";
import * as project from "./projects/[id]/route";
import * as items from "./projects/[id]/items/route";
import * as next from "./projects/[id]/next/route";
import * as labels from "./projects/[id]/labels/route";
import * as exportRoute from "./projects/[id]/export/route";
import * as members from "./projects/[id]/members/route";

let admin: UserView;
let adminToken: string;
let labeler: UserView;
let labelerToken: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route handlers differ only in their params' shape
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

const call = async (
  handler: Handler,
  opts: { method?: string; token?: string; body?: unknown; raw?: string; type?: string; params?: Record<string, string>; query?: string },
) => {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers["content-type"] = opts.type ?? "application/x-ndjson";
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const req = new Request(`http://verge.test/api${opts.query ?? ""}`, { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json: json as Record<string, unknown> & { error?: { code: string; message: string } }, text, headers: res.headers };
};

beforeAll(async () => {
  admin = await makeUser(true);
  adminToken = (await createToken(admin.id, "test")).token;
  labeler = await makeUser(false);
  labelerToken = (await createToken(labeler.id, "test")).token;
});

describe("HTTP API v1", () => {
  it("drives a project end to end: create, import, lease, label, export; errors are JSON", async () => {
    expect((await call(projects.GET, {})).json).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    const bad = await call(projects.POST, { method: "POST", token: adminToken, body: { name: "X", positiveLabel: "a", negativeLabel: "b", threshold: 1.5 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: "invalid_request", message: "body.threshold: must be below 1" });

    const created = await call(projects.POST, {
      method: "POST",
      token: adminToken,
      body: { name: "API", positiveLabel: "unsafe", negativeLabel: "safe", threshold: 0.9, strategy: "margin" },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const params = { id };

    const wrongType = await call(items.POST, { method: "POST", token: adminToken, params, raw: "{}", type: "application/json" });
    expect(wrongType.status).toBe(415);
    const imported = await call(items.POST, {
      method: "POST",
      token: adminToken,
      params,
      raw: '{"id":"a","text":"alpha","score":0.91}\n{"id":"b","text":"beta","score":0.2}\nnot json\n',
    });
    expect(imported.json).toMatchObject({ received: 3, inserted: 2, rejected: 1, errors: [{ line: 3 }] });

    // A non-member cannot see the project at all; as a labeler they can label but not read settings or export.
    expect((await call(next.POST, { method: "POST", token: labelerToken, params, body: {} })).status).toBe(404);
    expect((await call(members.POST, { method: "POST", token: adminToken, params, body: { email: labeler.email, role: "labeler" } })).status).toBe(201);
    const asLabeler = await call(project.GET, { token: labelerToken, params });
    expect(asLabeler.json).toEqual({ id, name: "API", positiveLabel: "unsafe", negativeLabel: "safe", leaseSeconds: 600, showMeta: false, role: "labeler" });
    expect((await call(exportRoute.GET, { token: labelerToken, params })).status).toBe(403);
    expect((await call(project.PATCH, { method: "PATCH", token: labelerToken, params, body: { threshold: 0.5 } })).status).toBe(403);

    const leased = await call(next.POST, { method: "POST", token: labelerToken, params, body: { count: 20 } });
    const got = leased.json.items as { itemId: number; id: string }[];
    expect(got.map((i) => i.id)).toEqual(["a", "b"]);
    expect((await call(next.POST, { method: "POST", token: labelerToken, params, body: { count: 21 } })).status).toBe(400);

    const body = { itemId: got[0]!.itemId, value: "unsafe", requestId: "api-test-req-1" };
    const first = await call(labels.POST, { method: "POST", token: labelerToken, params, body });
    const retry = await call(labels.POST, { method: "POST", token: labelerToken, params, body });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.json.labelId).toBe(first.json.labelId);

    const csv = await call(exportRoute.GET, { token: adminToken, params, query: "?format=csv&what=labels" });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.trim().split("\r\n")).toHaveLength(2);
    expect(csv.text).toContain(`a,unsafe,${labeler.email}`);
    const badFormat = await call(exportRoute.GET, { token: adminToken, params, query: "?format=xml" });
    expect(badFormat.status).toBe(400);
    expect(badFormat.json.error?.message).toMatch(/^query.format/);
  });
});

describe("OpenAPI document", () => {
  it("describes every route with zod-generated request bodies", async () => {
    const { openApiDocument } = await import("@/lib/server/openapi");
    const doc = openApiDocument();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/projects", "/projects/{id}/items", "/projects/{id}/next", "/projects/{id}/labels", "/projects/{id}/export"]));
    const body = doc.paths["/projects/{id}/labels"].post.requestBody.content["application/json"].schema as { required?: string[] };
    expect(body.required).toEqual(["itemId", "value", "requestId"]);
  });
});
