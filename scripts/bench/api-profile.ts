/**
 * Summarises a V8 .cpuprofile (from `npm run bench:api -- --profile DIR`): self time by function and by
 * package/file area, so a bottleneck can be named with figures.
 *
 *   npx tsx scripts/bench/api-profile.ts DIR/CPU.*.cpuprofile [--top 30] [--fns=leaseItems,createLabel,projectAccess]
 */
import fs from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function area(url: string): string {
  if (!url) return "(native/V8)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    const pkg = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    if (pkg === "next") return `next/${rest.slice(1, 4).join("/")}`;
    return pkg;
  }
  if (url.startsWith("node:")) return url;
  const chunk = url.indexOf(".next/");
  if (chunk >= 0) return url.slice(chunk);
  return url;
}

function main() {
  const file = process.argv[2];
  if (!file) throw new Error("usage: api-profile.ts FILE.cpuprofile [--top N]");
  const top = Number(process.argv[process.argv.indexOf("--top") + 1] ?? 30) || 30;
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = p.endTime - p.startTime;
  const fn = new Map<string, number>();
  const ar = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const f = `${n.callFrame.functionName || "(anonymous)"}  ${area(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    fn.set(f, (fn.get(f) ?? 0) + us);
    const a = n.callFrame.functionName === "(idle)" ? "(idle)" : area(n.callFrame.url);
    ar.set(a, (ar.get(a) ?? 0) + us);
  }
  // Inclusive time per function name: a function's own samples plus its callees', counted once per stack.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame.functionName;
      if (!f || seen.has(f)) continue;
      seen.add(f);
      incl.set(f, (incl.get(f) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1e6).toFixed(2).padStart(7)} s`;
  console.log(`profile ${file}: ${(total / 1e6).toFixed(1)} s wall\n\nself time by area:`);
  for (const [a, us] of [...ar].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(us)}  ${a}`);
  const named = (process.argv.find((a) => a.startsWith("--fns="))?.slice(6) ?? "").split(",").filter(Boolean);
  if (named.length) {
    console.log("\ninclusive time of named functions:");
    for (const f of named) console.log(`${pct(incl.get(f) ?? 0)}  ${f}`);
  }
  console.log("\nself time by function:");
  for (const [f, us] of [...fn].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(us)}  ${f}`);
}

main();
