/**
 * Produces prisma/demo/sms-spam-2000.jsonl: 2,000 snippets of the SMS Spam Collection (CC BY 4.0) scored by a
 * multinomial naive Bayes model trained on the other snippets, so the demo project starts like a real one: a
 * classifier-scored pool. Run: npx tsx scripts/make-demo-data.ts [--data ../shared/data]
 */
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const dataDir = args[args.indexOf("--data") + 1] && args.includes("--data") ? args[args.indexOf("--data") + 1]! : path.resolve("../shared/data");
const src = path.join(dataDir, "sms-spam", "sms-spam.jsonl");
const out = path.resolve("prisma/demo/sms-spam-2000.jsonl");

type Row = { id: string; text: string; label: 0 | 1 };
const rows = fs.readFileSync(src, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Row);

// A fixed hash of the id picks the demo sample; the rest trains the scorer.
const h = (s: string) => {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 16777619) >>> 0;
  return x / 2 ** 32;
};
const sorted = [...rows].sort((a, b) => h(a.id) - h(b.id));
const demo = sorted.slice(0, 2000).sort((a, b) => a.id.localeCompare(b.id));
const train = sorted.slice(2000);

const tokens = (t: string) => t.toLowerCase().match(/[a-z0-9£$]+/g) ?? [];
const counts = [new Map<string, number>(), new Map<string, number>()];
const totals = [0, 0];
const docs = [0, 0];
for (const r of train) {
  docs[r.label]!++;
  for (const w of tokens(r.text)) {
    counts[r.label]!.set(w, (counts[r.label]!.get(w) ?? 0) + 1);
    totals[r.label]!++;
  }
}
const vocab = new Set([...counts[0]!.keys(), ...counts[1]!.keys()]).size;
const score = (text: string) => {
  let z = Math.log(docs[1]! / docs[0]!);
  for (const w of tokens(text)) {
    z += Math.log(((counts[1]!.get(w) ?? 0) + 1) / (totals[1]! + vocab)) - Math.log(((counts[0]!.get(w) ?? 0) + 1) / (totals[0]! + vocab));
  }
  // Naive Bayes is famously over-confident; temper its logit so scores spread over (0, 1).
  return 1 / (1 + Math.exp(-z / 4));
};

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, demo.map((r) => JSON.stringify({ id: r.id, text: r.text, score: Number(score(r.text).toFixed(6)) })).join("\n") + "\n");
console.log(`wrote ${demo.length} rows to ${path.relative(process.cwd(), out)} (scorer trained on ${train.length})`);
