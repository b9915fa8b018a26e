/**
 * Verge's command line, on the same services as the HTTP API (run from the project folder; DATABASE_URL selects
 * the database, as for the server):
 *
 *   npm run verge -- users create --email a@b.c --password secret123 [--name Ann] [--admin] [--creator]
 *   npm run verge -- users creator --email a@b.c [--revoke]     (may create projects; admins always may)
 *   npm run verge -- tokens create --email a@b.c [--name ci]
 *   npm run verge -- projects list
 *   npm run verge -- projects create --name N --positive unsafe --negative safe --threshold 0.99 [--strategy edv]
 *   npm run verge -- members add --project ID --email a@b.c --role labeler
 *   npm run verge -- import --project ID FILE.jsonl|FILE.csv
 *   npm run verge -- import --project ID --format labelstudio|prodigy --as a@b.c FILE   (annotations → labels of a@b.c)
 *   npm run verge -- scores --project ID --model NAME FILE.jsonl|FILE.csv
 *   npm run verge -- export --project ID [--what labels|decisions] [--format jsonl|csv|csv-excel] [--out FILE]
 */
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { closeDb, db } from "../lib/server/db/client";
import { createToken, createUser } from "../lib/server/auth/users";
import { createProject, getProject } from "../lib/server/projects";
import { addMember } from "../lib/server/members";
import { setProjectCreator } from "../lib/server/project-creators";
import { importItems } from "../lib/server/import/import-items";
import { EXPORT_FORMATS, EXPORT_WHATS, exportStream } from "../lib/server/export/export";
import { importScores } from "../lib/server/import/import-scores";
import { createProjectSchema, passwordSchema, ROLES, STRATEGY_NAMES } from "../lib/shared/schemas";

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    admin: { type: "boolean" },
    creator: { type: "boolean" },
    revoke: { type: "boolean" },
    project: { type: "string" },
    positive: { type: "string" },
    negative: { type: "string" },
    threshold: { type: "string" },
    strategy: { type: "string" },
    role: { type: "string" },
    what: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    model: { type: "string" },
    as: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

function need<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`--${flag}: ${r.error.issues[0]?.message ?? "invalid"}`);
  return r.data;
}

async function owner() {
  const u = await db().user.findFirst({ where: { isAdmin: true }, orderBy: { createdAt: "asc" } });
  if (!u) throw new Error("No admin exists yet: create one with `users create --admin` first.");
  return { id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin };
}

async function main(): Promise<void> {
  const [cmd, sub] = positionals;
  if (!cmd || flags.help) {
    console.log(fs.readFileSync(new URL(import.meta.url), "utf8").split("*/")[0]!.replace(/^\/\*\*?|^ \* ?/gm, ""));
    return;
  }
  if (cmd === "users" && sub === "create") {
    const u = await createUser({
      email: need(z.email(), flags.email, "email"),
      password: need(passwordSchema, flags.password, "password"),
      name: flags.name,
      isAdmin: !!flags.admin,
    });
    if (flags.creator) await setProjectCreator(u.email, true);
    console.log(JSON.stringify(u));
  } else if (cmd === "users" && sub === "creator") {
    console.log(JSON.stringify(await setProjectCreator(need(z.email(), flags.email, "email"), !flags.revoke)));
  } else if (cmd === "tokens" && sub === "create") {
    const email = need(z.email(), flags.email, "email").toLowerCase();
    const u = await db().user.findUnique({ where: { email } });
    if (!u) throw new Error(`--email: no user ${email}`);
    const t = await createToken(u.id, flags.name ?? "cli");
    console.log(t.token);
  } else if (cmd === "projects" && sub === "list") {
    for (const p of await db().project.findMany({ orderBy: { createdAt: "asc" } }))
      console.log(`${p.id}\t${p.name}\t${p.positiveLabel}/${p.negativeLabel}\tτ=${p.threshold}\t${p.strategy}`);
  } else if (cmd === "projects" && sub === "create") {
    const input = need(
      createProjectSchema,
      {
        name: flags.name,
        positiveLabel: flags.positive,
        negativeLabel: flags.negative,
        // A blank flag is "not given" (zod then names it), never Number("") = 0.
        threshold: flags.threshold === undefined || flags.threshold.trim() === "" ? undefined : Number(flags.threshold),
        ...(flags.strategy ? { strategy: need(z.enum(STRATEGY_NAMES), flags.strategy, "strategy") } : {}),
      },
      "name/positive/negative/threshold",
    );
    console.log(JSON.stringify(await createProject(input, await owner())));
  } else if (cmd === "members" && sub === "add") {
    const projectId = need(z.string().min(1), flags.project, "project");
    console.log(JSON.stringify(await addMember(projectId, need(z.email(), flags.email, "email"), need(z.enum(ROLES), flags.role, "role"))));
  } else if (cmd === "import") {
    const projectId = need(z.string().min(1), flags.project, "project");
    const path = need(z.string().min(1, "give the file to import"), sub, "FILE");
    const format = flags.format
      ? need(z.enum(["ndjson", "csv", "labelstudio", "prodigy"]), flags.format, "format")
      : path.toLowerCase().endsWith(".csv") ? "csv" : "ndjson";
    // Label Studio annotations and Prodigy answers are stored as labels of this user (none without --as).
    const labeler = flags.as ? (await db().user.findUnique({ where: { email: need(z.email(), flags.as, "as").toLowerCase() } }))?.id : undefined;
    if (flags.as && !labeler) throw new Error(`--as: no user ${flags.as}`);
    const size = fs.statSync(path).size;
    let read = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of fs.createReadStream(path)) {
        read += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    const t0 = Date.now();
    const report = await importItems(
      projectId,
      counted(),
      format,
      (r) => {
        process.stderr.write(`\r${Math.round((100 * read) / Math.max(1, size))}%  ${(r.inserted + r.updated).toLocaleString()} rows stored, ${r.rejected} rejected`);
      },
      Math.random,
      size,
      labeler,
    );
    process.stderr.write(`\r${" ".repeat(60)}\rdone in ${((Date.now() - t0) / 1000).toFixed(1)} s${" ".repeat(30)}\n`);
    console.log(JSON.stringify(report, null, 2));
  } else if (cmd === "scores") {
    const projectId = need(z.string().min(1), flags.project, "project");
    const model = need(z.string().trim().min(1, "name the model the scores come from").max(100), flags.model, "model");
    const path = need(z.string().min(1, "give the scores file"), sub, "FILE");
    const format = flags.format ? need(z.enum(["ndjson", "csv"]), flags.format, "format") : path.toLowerCase().endsWith(".csv") ? "csv" : "ndjson";
    const report = await importScores(projectId, fs.createReadStream(path), model, format, fs.statSync(path).size);
    console.log(JSON.stringify(report, null, 2));
  } else if (cmd === "export") {
    const project = await getProject(need(z.string().min(1), flags.project, "project"));
    const what = need(z.enum(EXPORT_WHATS), flags.what ?? "labels", "what");
    const format = need(z.enum(EXPORT_FORMATS), flags.format ?? "jsonl", "format");
    const body = Readable.fromWeb(exportStream(project, what, format) as import("node:stream/web").ReadableStream<Uint8Array>);
    await pipeline(body, flags.out ? fs.createWriteStream(flags.out) : process.stdout);
  } else {
    throw new Error(`unknown command "${positionals.join(" ")}"; run with --help`);
  }
}

main()
  .then(() => closeDb())
  .catch(async (e: unknown) => {
    console.error(`verge: ${(e as Error).message}`);
    await closeDb();
    process.exit(1);
  });
