import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

let child: ChildProcess | null = null;

/**
 * Runs the training worker as a child process of the web server, so model fitting never blocks the event loop
 * that serves labelers. It is restarted if it dies and stopped with the server.
 */
export function startEmbeddedWorker(): void {
  if (child) return;
  const root = process.cwd();
  const start = () => {
    // Node itself with tsx's loader (not the tsx CLI, which would sit between the two processes and keep the
    // worker alive after the server is gone).
    child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", path.join(root, "scripts", "worker.ts")], {
      cwd: root,
      env: process.env,
      // The IPC channel closes when the server dies, however it dies; the worker then exits (worker.ts).
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.on("exit", (code, signal) => {
      child = null;
      if (signal === "SIGTERM" || stopping) return;
      console.error(`verge: training worker exited (${code ?? signal}); restarting in 2 s`);
      setTimeout(start, 2000).unref();
    });
  };
  let stopping = false;
  const stop = () => {
    stopping = true;
    child?.kill("SIGTERM");
  };
  process.once("exit", stop);
  start();
}
