/**
 * The training worker: claims retrain jobs from the database and runs them. `npm start` runs one beside the web
 * server; for scaled deployments run it as its own process (`npm run worker`) and start the servers with
 * VERGE_WORKER=external.
 */
import os from "node:os";
import { closeDb } from "../lib/server/db/client";
import { workLoop } from "../lib/server/jobs/worker";

const ac = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => ac.abort());
// Started by the web server: exit with it, however it ends (the IPC channel closes, or this process is
// re-parented). A job cut short keeps its lease until it expires, then runs again.
if (process.send) {
  process.on("disconnect", () => process.exit(0));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(0), 2000).unref();
}
const log = (m: string) => console.log(`[verge worker ${new Date().toISOString()}] ${m}`);
// Training yields the CPU to the web server on a shared machine: labelers' requests come first.
try {
  os.setPriority(Number(process.env.VERGE_WORKER_NICE ?? 10));
} catch (e) {
  log(`could not lower the worker's priority: ${(e as Error).message}`);
}
log(`started (pid ${process.pid})`);
workLoop(ac.signal, log)
  .then(() => closeDb())
  .then(() => log("stopped"));
