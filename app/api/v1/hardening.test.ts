import { beforeAll, describe, expect, it } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { makeUser, TEST_PASSWORD } from "@/lib/server/test/fixtures";
import { call } from "@/lib/server/test/call";
import * as projects from "./projects/route";
import * as me from "./me/route";
import * as logout from "./auth/logout/route";
import * as login from "./auth/login/route";
import * as users from "./users/route";

let admin: UserView;
let token: string;
const project = { name: "P", positiveLabel: "spam", negativeLabel: "ham", threshold: 0.9 };

beforeAll(async () => {
  admin = await makeUser(true);
  token = (await createToken(admin.id, "test")).token;
});

describe("cross-site request forgery", () => {
  const forged: { what: string; headers: Record<string, string> }[] = [
    { what: "another origin", headers: { origin: "http://evil.test", "sec-fetch-site": "cross-site" } },
    { what: "another port of the host (same-site)", headers: { origin: "http://verge.test:8080", "sec-fetch-site": "same-site" } },
    { what: "a sibling subdomain, old browser without Sec-Fetch-Site", headers: { origin: "http://a.verge.test" } },
    { what: "no Origin and no Sec-Fetch-Site", headers: {} },
    { what: "Sec-Fetch-Site none", headers: { "sec-fetch-site": "none" } },
  ];
  for (const f of forged) {
    it(`refuses a cookie write from ${f.what}, on every write route`, async () => {
      const cookie = { cookie: "verge_session=whatever", ...f.headers };
      for (const [handler, body] of [
        [users.POST, { email: "new-admin@evil.test", password: TEST_PASSWORD, isAdmin: true }],
        [projects.POST, project],
        [logout.POST, undefined],
        [login.POST, { email: admin.email, password: TEST_PASSWORD }],
      ] as const) {
        const res = await call(handler, { method: "POST", body, headers: cookie });
        expect(res.status).toBe(403);
        expect(res.json.error?.code).toBe("cross_origin");
      }
    });
  }

  it("lets same-origin cookie writes through to authentication, and bearer writes from anywhere", async () => {
    const same = await call(projects.POST, { method: "POST", body: project, headers: { "sec-fetch-site": "same-origin" } });
    expect(same.status).toBe(401);
    const origin = await call(projects.POST, { method: "POST", body: project, headers: { origin: "http://verge.test" } });
    expect(origin.status).toBe(401);
    const bearer = await call(projects.POST, { method: "POST", token, body: project, headers: { origin: "http://evil.test", "sec-fetch-site": "cross-site" } });
    expect(bearer.status).toBe(201);
    // Reads are not writes: a GET from anywhere reaches authentication.
    expect((await call(me.GET, { headers: { "sec-fetch-site": "cross-site" } })).status).toBe(401);
  });

  it("checks Origin against VERGE_BASE_URL / VERGE_TRUSTED_ORIGINS when configured", async () => {
    process.env.VERGE_BASE_URL = "https://verge.example.org";
    process.env.VERGE_TRUSTED_ORIGINS = "https://labels.example.org, not a url";
    try {
      const at = (origin: string) => call(projects.POST, { method: "POST", body: project, headers: { origin } });
      expect((await at("https://verge.example.org")).status).toBe(401);
      expect((await at("https://labels.example.org")).status).toBe(401);
      expect((await at("http://verge.test")).status).toBe(403);
      expect((await at("http://verge.example.org")).status).toBe(403);
    } finally {
      delete process.env.VERGE_BASE_URL;
      delete process.env.VERGE_TRUSTED_ORIGINS;
    }
  });
  it("behind a reverse proxy accepts the public origin it reports, and nothing else", async () => {
    const proxied = (origin: string) =>
      call(projects.POST, { method: "POST", body: project, headers: { origin, host: "10.0.0.5:3000", "x-forwarded-proto": "https", "x-forwarded-host": "verge.example.org" } });
    expect((await proxied("https://verge.example.org")).status).toBe(401);
    expect((await proxied("https://evil.example.org")).status).toBe(403);
    expect((await proxied("http://verge.example.org")).status).toBe(403);
  });
});

describe("media types", () => {
  it("parses Content-Type exactly: type/subtype equality, parameters allowed", async () => {
    for (const type of ["text/plain; application/json", "application/jsonx", "text/plain", "application/json, text/plain", "multipart/form-data; boundary=x"]) {
      const res = await call(projects.POST, { method: "POST", token, raw: JSON.stringify(project), type });
      expect(res.status, type).toBe(415);
      expect(res.json.error?.code).toBe("unsupported_media_type");
    }
    for (const type of ["application/json", "Application/JSON; charset=utf-8"]) {
      expect((await call(projects.POST, { method: "POST", token, raw: JSON.stringify(project), type })).status, type).toBe(201);
    }
  });
});

/** A body that never ends: the server must answer without reading it all. */
function endless(chunk = 64 * 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(`{"name":"${"x".repeat(chunk)}`);
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      c.enqueue(sent++ === 0 ? bytes : new Uint8Array(chunk).fill(120));
    },
  });
}

describe("bounded bodies", () => {
  it("refuses a body declared larger than the limit before reading it (413)", async () => {
    const res = await call(login.POST, { method: "POST", raw: "{}", headers: { "content-length": String(50 * 2 ** 20), "sec-fetch-site": "same-origin" } });
    expect(res.status).toBe(413);
    expect(res.json.error?.code).toBe("payload_too_large");
  });

  it("stops reading an undeclared oversized body at the limit; a concurrent request still answers", async () => {
    const big = call(login.POST, { method: "POST", raw: endless(), headers: { "sec-fetch-site": "same-origin" } });
    const other = call(me.GET, { token });
    const [a, b] = await Promise.all([big, other]);
    expect(a.status).toBe(413);
    expect(b.status).toBe(200);
    expect(b.json.user).toMatchObject({ id: admin.id });
  });

  it("honours VERGE_MAX_JSON_BYTES", async () => {
    process.env.VERGE_MAX_JSON_BYTES = "100";
    try {
      const res = await call(projects.POST, { method: "POST", token, body: { ...project, name: "n".repeat(101) } });
      expect(res.status).toBe(413);
      expect((await call(projects.POST, { method: "POST", token, body: project })).status).toBe(201);
    } finally {
      delete process.env.VERGE_MAX_JSON_BYTES;
    }
  });

  it("refuses deep nesting with a 400", async () => {
    const res = await call(projects.POST, { method: "POST", token, raw: "[".repeat(10_000) + "]".repeat(10_000) });
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toMatch(/nested deeper than/);
  });

  it("never echoes a large value back", async () => {
    const huge = "v".repeat(500_000);
    for (const res of [
      await call(projects.POST, { method: "POST", token, body: { ...project, name: huge } }),
      await call(projects.POST, { method: "POST", token, body: { ...project, [huge]: 1 } }),
      await call(projects.POST, { method: "POST", token, raw: "{}", type: `application/x-${huge.slice(0, 6000)}` }),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text.length).toBeLessThan(2_000);
    }
  });
});

describe("malformed text", () => {
  it("answers a lone UTF-16 surrogate with a 400 naming the field", async () => {
    const res = await call(projects.POST, { method: "POST", token, raw: `{"name":"a\\ud800b","positiveLabel":"x","negativeLabel":"y","threshold":0.5}` });
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toMatch(/^body\.name: .*surrogate/);
  });
});
