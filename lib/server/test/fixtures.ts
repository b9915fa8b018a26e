import { Readable } from "node:stream";
import { createUser, type UserView } from "../auth/users";
import { createProject } from "../projects";
import type { CreateProjectInput } from "@/lib/shared/schemas";
import { recordServes } from "../queue/served";
import { sqlTime } from "../db/sql";
import { sql } from "../db/client";

let n = 0;

/** A password that satisfies the policy (lib/shared/password-policy.ts). */
export const TEST_PASSWORD = "correct horse battery staple";

export async function makeUser(isAdmin = false): Promise<UserView> {
  n++;
  return createUser({ email: `user${n}-${Date.now()}@test.local`, password: TEST_PASSWORD, isAdmin });
}

export async function makeProject(owner: UserView, over: Partial<CreateProjectInput> = {}) {
  return createProject({ name: "Test", positiveLabel: "spam", negativeLabel: "ham", threshold: 0.9, strategy: "margin", ...over }, owner);
}

/** A request-like byte stream of `text`, split into small chunks to exercise chunk boundaries. */
export function bytes(text: string | Uint8Array, chunk = 7): AsyncIterable<Uint8Array> {
  const buf = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const parts: Uint8Array[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  return Readable.from(parts);
}

export function ndjson(rows: unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
}

/** Records items as served to a user, as leaseItems does, so a test can label items it picked itself. */
export async function serve(userId: string, itemIds: number[]): Promise<void> {
  await recordServes(sql(), userId, itemIds, sqlTime(new Date()));
}
