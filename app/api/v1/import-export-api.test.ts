import { beforeAll, describe, expect, it } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { sql } from "@/lib/server/db/client";
import { makeProject, makeUser } from "@/lib/server/test/fixtures";
import * as items from "./projects/[id]/items/route";
import * as scores from "./projects/[id]/scores/route";
import * as exportRoute from "./projects/[id]/export/route";

let admin: UserView;
let token: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route handlers differ only in their params' shape
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

async function call(handler: Handler, id: string, opts: { method?: string; body?: string; type?: string; query?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(opts.type ? { "content-type": opts.type } : {}), ...opts.headers };
  const req = new Request(`http://verge.test/api${opts.query ?? ""}`, { method: opts.method ?? "POST", headers, body: opts.body });
  const res = await handler(req, { params: Promise.resolve({ id }) });
  const buf = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(buf);
  let json: Record<string, unknown> & { error?: { code: string; message: string } } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text, buf, headers: res.headers };
}

beforeAll(async () => {
  admin = await makeUser(true);
  token = (await createToken(admin.id, "test")).token;
});

describe("import, scores and export over HTTP", () => {
  it("a lone-CR CSV imports every row; a JSON array gets one 400; an oversized declared body a 413", async () => {
    const p = await makeProject(admin);
    const r = await call(items.POST, p.id, { body: "id,text\rm1,one\rm2,two\rm3,three\r", type: "text/csv" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ received: 3, inserted: 3, rejected: 0, textChanged: { count: 0, ids: [] } });

    const array = JSON.stringify([{ id: "a", text: "x" }, { id: "b", text: "y" }], null, 2);
    const a = await call(items.POST, p.id, { body: array, type: "application/x-ndjson" });
    expect(a.status).toBe(400);
    expect(a.json.error).toMatchObject({ code: "json_array", message: expect.stringContaining("one object per line") });

    process.env.VERGE_IMPORT_MAX_BYTES = "10";
    try {
      const big = await call(items.POST, p.id, { body: "id,text\nq,a longer row\n", type: "text/csv" });
      expect(big.status).toBe(413);
      expect(big.json.error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("VERGE_IMPORT_MAX_BYTES") });
    } finally {
      delete process.env.VERGE_IMPORT_MAX_BYTES;
    }
  });

  it("scores: CSV accepted; no matching id is a 400 with the ids named and no model version", async () => {
    const p = await makeProject(admin);
    await call(items.POST, p.id, { body: "id,text\n42,x\n", type: "text/csv" });
    const none = await call(scores.POST, p.id, { body: '{"id":"x1","score":0.5}\n', type: "application/x-ndjson", query: "?model=m" });
    expect(none.status).toBe(400);
    expect(none.json.error).toMatchObject({ code: "no_matching_ids", message: expect.stringContaining('"x1" (line 1)') });
    const versions = await sql().get<{ n: number }>(`SELECT count(*) AS n FROM "ModelVersion" WHERE "projectId" = ? AND kind = 'external'`, [p.id]);
    expect(versions?.n).toBe(0);
    const ok = await call(scores.POST, p.id, { body: "id,score\n42 ,0.7\nnope,0.1\n", type: "text/csv", query: "?model=m" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ updated: 1, unknownIds: 1, unknown: [{ line: 3, id: "nope" }], modelVersion: 1 });
  });

  it("export: format=csv-excel is a BOM-prefixed CSV download; plain csv has no BOM; unknown formats are a 400", async () => {
    const p = await makeProject(admin);
    await call(items.POST, p.id, { body: "id,text\nü1,überprüfen\n", type: "text/csv" });
    const excel = await call(exportRoute.GET, p.id, { method: "GET", query: "?what=decisions&format=csv-excel" });
    expect(excel.status).toBe(200);
    expect(excel.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(excel.headers.get("content-disposition")).toMatch(/-decisions-\d{4}-\d\d-\d\d-excel\.csv"$/);
    expect([...excel.buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const plain = await call(exportRoute.GET, p.id, { method: "GET", query: "?what=decisions&format=csv" });
    expect(plain.buf[0]).toBe("i".charCodeAt(0));
    expect(plain.text).toContain("ü1,");
    const bad = await call(exportRoute.GET, p.id, { method: "GET", query: "?format=xlsx" });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/^query\.format/);
  });
});
