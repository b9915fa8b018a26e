#!/usr/bin/env node
// `npm test`: lint, typecheck, unit + integration tests (Vitest), end-to-end tests (Playwright). Stops at the
// first failing stage and exits with its code.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const bin = (n) => path.join(root, "node_modules", ".bin", n);
const stages = [
  ["prisma client", bin("prisma"), ["generate"]],
  ["lint", bin("eslint"), ["."]],
  ["typecheck", bin("tsc"), ["--noEmit"]],
  ["unit + integration", bin("vitest"), ["run"]],
  ["end-to-end", bin("playwright"), ["test"]],
];
for (const [name, cmd, args] of stages) {
  console.log(`\n== ${name}: ${path.basename(cmd)} ${args.join(" ")}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    console.error(`\n== ${name} FAILED (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`== ${name} passed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
console.log("\n== all test stages passed");
