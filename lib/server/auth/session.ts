import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { db, sql } from "../db/client";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "../errors";
import type { Role } from "@/lib/shared/schemas";
import { authSecret, COOKIE_PREFIX } from "./better-auth";
import { userByToken, type UserView } from "./users";

/** Better Auth's session cookie; `__Secure-` prefixed when cookies are Secure (https). */
export const SESSION_COOKIES = [`__Secure-${COOKIE_PREFIX}.session_token`, `${COOKIE_PREFIX}.session_token`] as const;

/** Better Auth signs the cookie as `token.base64(HMAC-SHA256(secret, token))`; this checks that signature. */
async function tokenFromSignedCookie(value: string): Promise<string | null> {
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64");
  const expected = createHmac("sha256", await authSecret()).update(token).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

/**
 * The user of a Better Auth session cookie. Browser labelers send it with every request, so this is the same
 * one prepared statement as API tokens (no Prisma round trips); sign-in, refresh and sign-out stay Better Auth's.
 */
async function userBySession(cookieValue: string): Promise<UserView | null> {
  const token = await tokenFromSignedCookie(cookieValue);
  if (!token) return null;
  const s = await sql().get<{ id: string; email: string; name: string | null; isAdmin: number | boolean; expiresAt: string | Date }>(
    `SELECT u.id, u.email, u.name, u."isAdmin", s."expiresAt" FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.token = ?`,
    [token],
  );
  if (!s || new Date(s.expiresAt).getTime() <= Date.now()) return null;
  return { id: s.id, email: s.email, name: s.name, isAdmin: s.isAdmin === true || s.isAdmin === 1 };
}

/** The caller: a bearer token first (scripts), else the session cookie (browser). Null when anonymous. */
export async function currentUser(req?: Request): Promise<UserView | null> {
  const auth = req?.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m?.[1] ? userByToken(m[1]) : null;
  }
  const jar = req ? null : await cookies();
  for (const name of SESSION_COOKIES) {
    const value = req ? cookieFrom(req, name) : jar?.get(name)?.value;
    if (value) return userBySession(value);
  }
  return null;
}

function cookieFrom(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export async function requireUser(req?: Request): Promise<UserView> {
  const u = await currentUser(req);
  if (!u) throw new UnauthorizedError();
  return u;
}

export function requireAdmin(user: UserView): void {
  if (!user.isAdmin) throw new ForbiddenError("Only an admin may do this.");
}

/** The caller's role in a project (global admins are project admins). */
export async function projectRole(projectId: string, user: UserView): Promise<Role | null> {
  const project = await db().project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw new NotFoundError("Project");
  return memberRole(projectId, user);
}

/**
 * The user's role in a project already known to exist. Runs on every API request, so it is one prepared
 * statement on the hot-path connection rather than a Prisma query (docs/benchmarks/api-notes.md).
 */
export async function memberRole(projectId: string, user: UserView): Promise<Role | null> {
  if (user.isAdmin) return "admin";
  const m = await sql().get<{ role: string }>(`SELECT role FROM "Member" WHERE "projectId" = ? AND "userId" = ?`, [projectId, user.id]);
  return (m?.role as Role | undefined) ?? null;
}

const RANK: Record<Role, number> = { labeler: 1, researcher: 2, admin: 3 };

/** Throws unless `role` is at least `min`. No role is a 404, so projects stay private. */
export function checkRole(role: Role | null, min: Role): Role {
  if (!role) throw new NotFoundError("Project");
  if (RANK[role] < RANK[min]) throw new ForbiddenError(`This needs the ${min} role; yours is ${role}.`);
  return role;
}
