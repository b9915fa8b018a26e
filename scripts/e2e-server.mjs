#!/usr/bin/env node
// The server the Playwright suite runs against (playwright.config.ts → webServer). From a clean clone after
// `npm install`: a FRESH SQLite database (./data/e2e.db, deleted first), the Prisma client, migrations, the admin
// from the E2E_* constants (no demo project), a production build, then `next start` on E2E_PORT (default 3210).
// Set E2E_SKIP_BUILD=1 to serve an existing .next build (quicker local reruns).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);

// Keep in step with e2e/fixtures.ts.
const port = process.env.E2E_PORT ?? "3210";
const env = {
  ...process.env,
  DATABASE_URL: "file:./data/e2e.db",
  VERGE_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL ?? "e2e-admin@verge.test",
  VERGE_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password",
  VERGE_ADMIN_TOKEN: process.env.E2E_ADMIN_TOKEN ?? "e2e-admin-token-0123456789abcdef",
  VERGE_NO_DEMO: "1",
  // The suite signs many browsers in from 127.0.0.1 within a minute; the limit itself (5 a minute by default)
  // is tested in app/api/v1/auth.test.ts.
  VERGE_LOGIN_RATE_LIMIT: process.env.VERGE_LOGIN_RATE_LIMIT ?? "1000/60",
  NEXT_TELEMETRY_DISABLED: "1",
};
delete env.PORT;

function run(cmd, args) {
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`e2e-server: "${[path.basename(cmd), ...args].join(" ")}" failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`e2e-server: ${path.basename(cmd)} ${args[0] ?? ""} took ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

fs.mkdirSync(path.join(root, "data"), { recursive: true });
for (const f of fs.readdirSync(path.join(root, "data"))) {
  if (/^e2e\.db(-.*)?$/.test(f)) fs.rmSync(path.join(root, "data", f), { force: true });
}

run(bin("prisma"), ["generate"]);
run(bin("prisma"), ["generate", "--config", "prisma.postgres.config.ts"]);
run(bin("prisma"), ["migrate", "deploy"]);
run(bin("tsx"), ["--conditions=react-server", "scripts/seed-demo.ts"]);
if (process.env.E2E_SKIP_BUILD !== "1" || !fs.existsSync(path.join(root, ".next", "BUILD_ID"))) run(bin("next"), ["build"]);

console.log(`e2e-server: serving on http://127.0.0.1:${port}`);
const server = spawn(bin("next"), ["start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
