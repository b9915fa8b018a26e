import "server-only";
import { cookies } from "next/headers";
import { db, sql } from "../db/client";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "../errors";
import type { Role } from "@/lib/shared/schemas";
import { digest, newSecret } from "./crypto";
import { userByToken, type UserView } from "./users";

export const SESSION_COOKIE = "verge_session";
const SESSION_DAYS = 30;

export async function startSession(userId: string): Promise<void> {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db().session.create({ data: { id: digest(secret), userId, expiresAt } });
  (await cookies()).set(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: "lax",
    secure: process.env.VERGE_SECURE_COOKIES === "1",
    path: "/",
    expires: expiresAt,
  });
}

export async function endSession(): Promise<void> {
  const jar = await cookies();
  const secret = jar.get(SESSION_COOKIE)?.value;
  if (secret) await db().session.deleteMany({ where: { id: digest(secret) } });
  jar.delete(SESSION_COOKIE);
}

async function userBySession(secret: string): Promise<UserView | null> {
  const s = await db().session.findUnique({ where: { id: digest(secret) }, include: { user: true } });
  if (!s || s.expiresAt.getTime() < Date.now()) return null;
  return { id: s.user.id, email: s.user.email, name: s.user.name, isAdmin: s.user.isAdmin };
}

/** The caller: a bearer token first (scripts), else the session cookie (browser). Null when anonymous. */
export async function currentUser(req?: Request): Promise<UserView | null> {
  const auth = req?.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m?.[1] ? userByToken(m[1]) : null;
  }
  const secret = req ? cookieFrom(req, SESSION_COOKIE) : (await cookies()).get(SESSION_COOKIE)?.value;
  return secret ? userBySession(secret) : null;
}

function cookieFrom(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
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
