/**
 * First start: creates the admin from VERGE_ADMIN_* (or, when none is configured and the database has no users,
 * a demo admin), and a demo project with a classifier-scored sample of the SMS Spam Collection. Idempotent.
 */
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { closeDb, db } from "../lib/server/db/client";
import { createUser, ensureAdminFromEnv } from "../lib/server/auth/users";
import { createProject } from "../lib/server/projects";
import { importItems } from "../lib/server/import/import-items";
import { DEMO_PASSWORD } from "../lib/shared/demo";

export const DEMO_EMAIL = "demo@verge.local";
const DEMO_PROJECT = "Demo: SMS spam at τ = 0.9";

async function main() {
  const created = await ensureAdminFromEnv();
  if (created) console.log(`verge: created admin ${created.email} from VERGE_ADMIN_EMAIL`);
  let owner = await db().user.findFirst({ where: { isAdmin: true }, orderBy: { createdAt: "asc" } });
  if (!owner && (await db().user.count()) === 0) {
    await createUser({ email: DEMO_EMAIL, password: DEMO_PASSWORD, name: "Demo admin", isAdmin: true, isDemo: true });
    owner = await db().user.findUnique({ where: { email: DEMO_EMAIL } });
    console.log(`verge: created demo admin ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
  }
  if (!owner) return;
  if (process.env.VERGE_NO_DEMO === "1") return;
  if (await db().project.findFirst({ where: { name: DEMO_PROJECT } })) return;
  const p = await createProject(
    { name: DEMO_PROJECT, positiveLabel: "spam", negativeLabel: "ham", threshold: 0.9 },
    { id: owner.id, email: owner.email, name: owner.name, isAdmin: owner.isAdmin },
  );
  const file = path.join(process.cwd(), "prisma", "demo", "sms-spam-2000.jsonl");
  const r = await importItems(p.id, Readable.toWeb(fs.createReadStream(file)) as unknown as AsyncIterable<Uint8Array>, "ndjson");
  console.log(`verge: demo project "${DEMO_PROJECT}" with ${r.inserted} snippets`);
}

main()
  .then(() => closeDb())
  .catch(async (e) => {
    console.error(e);
    await closeDb();
    process.exit(1);
  });
