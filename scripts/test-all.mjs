#!/usr/bin/env node
// `npm test`: lint, typecheck, unit + integration tests (Vitest, on SQLite), the integration tests again on
// PostgreSQL when VERGE_TEST_PG names a server (postgresql://user@host:port/db; .ci/run starts one), and the
// end-to-end tests (Playwright). Stops at the first failing stage and exits with its code.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const bin = (n) => path.join(root, "node_modules", ".bin", n);
const withoutPg = { ...process.env };
delete withoutPg.VERGE_TEST_PG;
const stages = [
  ["prisma clients", bin("prisma"), ["generate"]],
  ["prisma clients", bin("prisma"), ["generate", "--config", "prisma.postgres.config.ts"]],
  ["lint", bin("eslint"), ["."]],
  ["typecheck", bin("tsc"), ["--noEmit"]],
  ["unit + integration (SQLite)", bin("vitest"), ["run"], withoutPg],
  ...(process.env.VERGE_TEST_PG
    ? [["integration (PostgreSQL)", bin("vitest"), ["run", "lib/server", "app"], process.env]]
    : []),
  // Stops and restarts the test cluster, so it runs alone (VERGE_TEST_PG_CTL: its pg_ctl command; .ci/run sets it).
  ...(process.env.VERGE_TEST_PG && process.env.VERGE_TEST_PG_CTL
    ? [["PostgreSQL restart", bin("vitest"), ["run", "lib/server/db/pg-restart.test.ts"], { ...process.env, VERGE_TEST_PG_RESTART: "1" }]]
    : []),
  ["end-to-end", bin("playwright"), ["test"]],
];
if (!process.env.VERGE_TEST_PG) console.log("(VERGE_TEST_PG is not set: the PostgreSQL integration stage is skipped)");
for (const [name, cmd, args, env = process.env] of stages) {
  console.log(`\n== ${name}: ${path.basename(cmd)} ${args.join(" ")}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`\n== ${name} FAILED (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`== ${name} passed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
console.log("\n== all test stages passed");
