import "server-only";
import { randomUUID } from "node:crypto";
import { db, sql } from "../db/client";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { passwordProblem } from "@/lib/shared/password-policy";
import { digest, hashPassword, newSecret } from "./crypto";
import type { TokenView } from "@/lib/shared/types";

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  isAdmin: boolean;
}

const view = (u: { id: string; email: string; name: string | null; isAdmin: boolean }): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isAdmin: u.isAdmin,
});

/** The user with this id, or null. */
export async function userById(id: string): Promise<UserView | null> {
  const u = await db().user.findUnique({ where: { id } });
  return u ? view(u) : null;
}

/**
 * Creates a user who signs in with a password: the user row and Better Auth's "credential" account (the scrypt
 * hash) in one transaction. Throws ValidationError when the password breaks the policy
 * (lib/shared/password-policy.ts) and ConflictError when the email is taken, also when two requests race.
 */
export async function createUser(input: {
  email: string;
  password: string;
  name?: string;
  isAdmin?: boolean;
  isDemo?: boolean;
}): Promise<UserView> {
  const email = input.email.trim().toLowerCase();
  const problem = passwordProblem(input.password);
  if (problem) throw new ValidationError(`password: ${problem}`, [{ path: "password", message: problem }]);
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  try {
    const [u] = await db().$transaction([
      db().user.create({
        data: { id, email, name: input.name ?? null, isAdmin: input.isAdmin ?? false, isDemo: input.isDemo ?? false },
      }),
      db().account.create({ data: { id: `cred_${id}`, accountId: id, providerId: "credential", userId: id, password: passwordHash } }),
    ]);
    return view(u);
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new ConflictError(`A user with email ${email} already exists.`);
    throw e;
  }
}

export async function createToken(userId: string, name: string): Promise<{ id: string; token: string }> {
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFoundError("User");
  return insertToken(userId, name, newSecret("vrg_"));
}

/** Stores a caller-chosen token (VERGE_ADMIN_TOKEN); it must be long enough to be a secret. */
export async function insertToken(userId: string, name: string, token: string): Promise<{ id: string; token: string }> {
  if (token.length < 16) throw new ValidationError("An API token must be at least 16 characters long.");
  const t = await db().apiToken.upsert({
    where: { tokenHash: digest(token) },
    create: { userId, name, tokenHash: digest(token) },
    update: { userId, name, revokedAt: null },
  });
  return { id: t.id, token };
}

export async function revokeToken(tokenId: string, byUser: UserView): Promise<void> {
  const t = await db().apiToken.findUnique({ where: { id: tokenId } });
  if (!t || (t.userId !== byUser.id && !byUser.isAdmin)) throw new NotFoundError("Token");
  await db().apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
}

/**
 * The owner of a live API token. Every scripted request starts here, so it is one prepared statement on the
 * hot-path connection (a Prisma findUnique with include costs ~0.6 ms of CPU; docs/benchmarks/api-notes.md).
 */
export async function userByToken(token: string): Promise<UserView | null> {
  const t = await sql().get<{ id: string; email: string; name: string | null; isAdmin: number | boolean; revokedAt: unknown }>(
    `SELECT u.id, u.email, u.name, u."isAdmin", t."revokedAt" FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" WHERE t."tokenHash" = ?`,
    [digest(token)],
  );
  if (!t || t.revokedAt !== null) return null;
  return view({ id: t.id, email: t.email, name: t.name, isAdmin: t.isAdmin === true || t.isAdmin === 1 });
}

/**
 * First start: with VERGE_ADMIN_EMAIL and VERGE_ADMIN_PASSWORD set and no admin yet, create that admin
 * (and register VERGE_ADMIN_TOKEN as its API token when set). Returns the admin when one was created. Throws
 * ValidationError when VERGE_ADMIN_PASSWORD breaks the password policy.
 */
export async function ensureAdminFromEnv(env = process.env): Promise<UserView | null> {
  const email = env.VERGE_ADMIN_EMAIL;
  const password = env.VERGE_ADMIN_PASSWORD;
  if (!email || !password) return null;
  const admins = await db().user.count({ where: { isAdmin: true, isDemo: false } });
  if (admins > 0) return null;
  let admin: UserView;
  try {
    admin = await createUser({ email, password, name: "Admin", isAdmin: true });
  } catch (e) {
    // Two instances starting together: the other one created this admin.
    if (e instanceof ConflictError) return null;
    if (e instanceof ValidationError) throw new ValidationError(`VERGE_ADMIN_PASSWORD ${e.message.replace(/^password: /, "")}.`);
    throw e;
  }
  if (env.VERGE_ADMIN_TOKEN) await insertToken(admin.id, "VERGE_ADMIN_TOKEN", env.VERGE_ADMIN_TOKEN);
  return admin;
}

/** The user's API tokens, newest first, without secrets (only their hash is stored). */
export async function listTokens(userId: string): Promise<TokenView[]> {
  const ts = await db().apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return ts.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
    revokedAt: t.revokedAt ? t.revokedAt.toISOString() : null,
  }));
}
