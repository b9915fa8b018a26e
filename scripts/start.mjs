#!/usr/bin/env node
// `npm start`: prepare the database (generate the client, apply migrations, seed the demo), build when the
// sources changed since the last build, then serve Verge on PORT (default 3000).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) {
    console.error(`verge: "${[path.basename(cmd), ...args].join(" ")}" failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

run(bin("prisma"), ["generate"]);
run(bin("prisma"), ["generate", "--config", "prisma.postgres.config.ts"]);
run(process.execPath, ["scripts/migrate.mjs"]);
run(bin("tsx"), ["--conditions=react-server", "scripts/seed-demo.ts"]);

const buildId = path.join(root, ".next", "BUILD_ID");
const sources = Math.max(...["app", "lib", "components", "public", "prisma"].map((d) => newestMtime(path.join(root, d))),
  ...["next.config.js", "package.json", "postcss.config.mjs", "tsconfig.json"].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
if (!fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < sources || process.env.VERGE_REBUILD === "1") {
  run(bin("next"), ["build"]);
}

const port = process.env.PORT ?? "3000";
console.log(`verge: serving on http://localhost:${port}`);
const server = spawn(bin("next"), ["start", "-p", port], { stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
