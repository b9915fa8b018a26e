import http from "node:http";
import { ADMIN, BASE_URL, E2E_PORT } from "./constants";
import { adminAuth, expect, signIn, test, unique } from "./fixtures";

/** Another port of the same host: the same *site* as Verge for the browser (cookies go along), not the same origin. */
const ATTACK_PORT = Number(process.env.E2E_ATTACK_PORT ?? E2E_PORT + 1);
const ATTACK_URL = `http://127.0.0.1:${ATTACK_PORT}`;

function attackerPage(html: string): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(html);
    });
    server.listen(ATTACK_PORT, "127.0.0.1", () => resolve(server));
  });
}

test("a page on another port cannot make a signed-in admin's browser create an admin", async ({ browser, request }) => {
  const context = await browser.newContext();
  await signIn(context, { email: ADMIN.email, password: ADMIN.password });
  const page = await context.newPage();
  const viaFetch = `${unique("fetch")}@evil.test`;
  const viaForm = `${unique("form")}@evil.test`;
  const body = (email: string) => JSON.stringify({ email, password: "correct horse battery staple", isAdmin: true });
  const server = await attackerPage(`<!doctype html><body>
    <form id="f" method="POST" action="${BASE_URL}/api/v1/users" enctype="text/plain">
      <input type="hidden" name='${body(viaForm).slice(0, -1)},"pad":"' value='"}'>
    </form>
    <script>
      fetch("${BASE_URL}/api/v1/users", { method: "POST", mode: "no-cors", credentials: "include",
        headers: { "content-type": "text/plain; application/json" }, body: ${JSON.stringify(body(viaFetch))} })
        .finally(() => document.getElementById("f").submit());
    </script></body>`);
  try {
    const refused = [
      page.waitForResponse((r) => r.url().endsWith("/api/v1/users") && r.request().resourceType() === "fetch"),
      page.waitForResponse((r) => r.url().endsWith("/api/v1/users") && r.request().resourceType() === "document"),
    ];
    await page.goto(ATTACK_URL);
    for (const r of await Promise.all(refused)) expect(r.status()).toBe(403);
    await expect(page.locator("body")).toContainText('"cross_origin"');
  } finally {
    server.close();
    await context.close();
  }
  // Neither user exists: the admin can still create both addresses.
  for (const email of [viaFetch, viaForm]) {
    expect((await request.post("/api/v1/users", { headers: adminAuth, data: { email, password: "correct horse battery staple" } })).status()).toBe(201);
  }
});

test("Verge's own pages still write with the session cookie", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE_URL });
  await signIn(context, { email: ADMIN.email, password: ADMIN.password });
  const page = await context.newPage();
  await page.goto("/");
  const status = await page.evaluate(async (email) => {
    const res = await fetch("/api/v1/users", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: "correct horse battery staple" }) });
    return res.status;
  }, `${unique("same-origin")}@verge.test`);
  expect(status).toBe(201);
  await context.close();
});

test("every response carries the security headers; pages a nonce-based CSP", async ({ request }) => {
  const page = await request.get("/login");
  const csp = page.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  expect(await page.text()).toContain(`nonce="${nonce}"`);
  const api = await request.get("/api/v1/me");
  for (const res of [page, api]) {
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res.headers()["referrer-policy"]).toBe("same-origin");
    expect(res.headers()["x-frame-options"]).toBe("DENY");
  }
  expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("malformed paths and unknown API paths answer JSON errors, not HTML or a 500", async ({ request }) => {
  for (const path of ["/api/v1/projects/%E0%A4%A/stats", "/api/v1/%zz", "/projects/%/label"]) {
    const res = await request.get(path, { headers: adminAuth });
    expect(res.status(), path).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_request");
  }
  for (const method of ["GET", "POST", "DELETE"]) {
    const res = await request.fetch("/api/v1/no/such/endpoint", { method, headers: adminAuth });
    expect(res.status(), method).toBe(404);
    expect(res.headers()["content-type"]).toContain("application/json");
    expect((await res.json()).error.code).toBe("not_found");
  }
});

test("a 50 MB body is refused at once and the server keeps answering", async ({ request }) => {
  const big = Buffer.alloc(50 * 2 ** 20, 0x61);
  const [refused, other] = await Promise.all([
    request.post("/api/v1/auth/login", { headers: { "content-type": "application/json", origin: BASE_URL }, data: big }),
    request.get("/api/v1/me", { headers: adminAuth }),
  ]);
  expect(refused.status()).toBe(413);
  expect((await refused.json()).error.code).toBe("payload_too_large");
  expect(other.status()).toBe(200);
  // Nothing of the value is echoed.
  expect((await refused.text()).length).toBeLessThan(500);
});
