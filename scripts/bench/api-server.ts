/**
 * The server side of the API benchmark: a fresh SQLite file, migrations, the admin, an optional build, and
 * `next start` as a child process whose whole process tree is sampled for memory and CPU through /proc.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/** The repository root: npm runs scripts there. */
export const ROOT = process.cwd();
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

function run(cmd: string, args: string[], env: Record<string, string>): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

/** The bench database file and its WAL/SHM siblings. */
export function dbFiles(dbPath: string): string[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`];
}

export function removeDb(dbPath: string): void {
  for (const f of dbFiles(dbPath)) fs.rmSync(f, { force: true });
}

/** Deletes any previous bench DB, applies migrations and creates the admin whose bearer token is `adminToken`. */
export function prepareDatabase(dbPath: string, admin: { email: string; password: string; token: string }): void {
  removeDb(dbPath);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const env = { DATABASE_URL: `file:${dbPath}` };
  run(bin("prisma"), ["migrate", "deploy"], env);
  run(bin("tsx"), ["--conditions=react-server", "scripts/seed-demo.ts"], {
    ...env,
    VERGE_ADMIN_EMAIL: admin.email,
    VERGE_ADMIN_PASSWORD: admin.password,
    VERGE_ADMIN_TOKEN: admin.token,
    VERGE_NO_DEMO: "1",
  });
}

/** Builds when there is no build yet or when asked to. Returns whether it built. */
export function ensureBuild(force: boolean): boolean {
  if (!force && fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return false;
  run(bin("next"), ["build"], {});
  return true;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (a && typeof a === "object" ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

export interface Server {
  child: ChildProcess;
  pid: number;
  base: string;
  log: string[];
  stop(): Promise<void>;
}

/**
 * `next start` run through node directly (no npx wrapper), so the child's tree is the server. With `profileDir`,
 * the server writes a V8 CPU profile there when it exits.
 */
export async function startServer(
  dbPath: string,
  port: number,
  opts: { profileDir?: string; env?: Record<string, string> } = {},
): Promise<Server> {
  const { profileDir } = opts;
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, DATABASE_URL: `file:${dbPath}`, NODE_ENV: "production", PORT: String(port) };
  const nodeArgs: string[] = [];
  if (profileDir) {
    // NODE_OPTIONS may not carry --cpu-prof; `next start` serves from this one process, so a flag suffices.
    fs.mkdirSync(profileDir, { recursive: true });
    nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${profileDir}`);
  }
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Never leave a server behind, whatever ends this process (Ctrl-C, a crash).
  const reap = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  process.once("exit", reap);
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => {
      reap();
      process.exit(130);
    });
  const log: string[] = [];
  const keep = (b: Buffer) => {
    log.push(b.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${log.join("")}`);
    try {
      const r = await fetch(`${base}/api/v1/me`);
      await r.arrayBuffer();
      if (r.status === 401) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${log.join("")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, pid: child.pid!, base, log, stop };
}

/** Pids of `root` and all its descendants, from /proc/<pid>/stat parent links. */
export function processTree(root: number): number[] {
  const parent = new Map<number, number[]>();
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    const f = statFields(Number(e))?.[1];
    if (f === undefined) continue;
    const ppid = Number(f);
    const kids = parent.get(ppid) ?? [];
    kids.push(Number(e));
    parent.set(ppid, kids);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(parent.get(p) ?? []));
  }
  return out;
}

/** Fields after the command name of /proc/<pid>/stat: [state, ppid, …]; utime/stime are indexes 11 and 12. */
function statFields(pid: number): string[] | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return s.slice(s.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

function statusKb(pid: number, key: "VmRSS" | "VmHWM"): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const CLK_TCK = 100;

/** CPU seconds (user + system) used so far by a set of pids. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const p of pids) {
    const f = statFields(p);
    if (f) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / CLK_TCK;
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / CLK_TCK;
}

export interface TreeMemory {
  pids: number[];
  rssMB: number;
  /** Sum over the tree of each process's VmHWM: an upper bound of the tree's peak since start. */
  hwmSumMB: number;
  /** The largest single-process VmHWM in the tree. */
  hwmMaxMB: number;
}

export function treeMemory(root: number): TreeMemory {
  const pids = processTree(root);
  let rss = 0;
  let hwmSum = 0;
  let hwmMax = 0;
  for (const p of pids) {
    rss += statusKb(p, "VmRSS");
    const h = statusKb(p, "VmHWM");
    hwmSum += h;
    hwmMax = Math.max(hwmMax, h);
  }
  return { pids, rssMB: rss / 1024, hwmSumMB: hwmSum / 1024, hwmMaxMB: hwmMax / 1024 };
}

/** Samples the tree's summed VmRSS every `everyMs`; `window()` returns the peak since the last call. */
export class RssSampler {
  private timer: NodeJS.Timeout;
  private peak = 0;
  private last: TreeMemory;
  constructor(
    private root: number,
    everyMs = 200,
  ) {
    this.last = treeMemory(root);
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }
  private sample(): void {
    this.last = treeMemory(this.root);
    this.peak = Math.max(this.peak, this.last.rssMB);
  }
  /** Peak summed RSS (MB) since the previous call, and the latest tree reading. */
  window(): { peakRssMB: number; now: TreeMemory } {
    this.sample();
    const out = { peakRssMB: this.peak, now: this.last };
    this.peak = 0;
    return out;
  }
  pids(): number[] {
    return this.last.pids;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * CPU use over an interval: the web server process, its children (the embedded training worker), this benchmark
 * process, and everything else on the machine.
 */
export class CpuMeter {
  private t0 = performance.now();
  private main0: number;
  private tree0: number;
  private self0 = process.cpuUsage();
  private busy0 = machineBusySeconds();
  constructor(
    private root: number,
    private pids: () => number[],
  ) {
    this.main0 = cpuSeconds([root]);
    this.tree0 = cpuSeconds(pids());
  }
  /** Average cores busy over the interval since construction. */
  read(): { seconds: number; serverCores: number; childCores: number; benchCores: number; otherCores: number } {
    const s = (performance.now() - this.t0) / 1000;
    const main = cpuSeconds([this.root]) - this.main0;
    const tree = Math.max(main, cpuSeconds(this.pids()) - this.tree0);
    const u = process.cpuUsage(this.self0);
    const self = (u.user + u.system) / 1e6;
    const busy = machineBusySeconds() - this.busy0;
    const r = (x: number) => Math.round((x / s) * 100) / 100;
    return { seconds: s, serverCores: r(main), childCores: r(tree - main), benchCores: r(self), otherCores: r(Math.max(0, busy - tree - self)) };
  }
}
