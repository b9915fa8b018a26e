import "server-only";
import { db } from "./db/client";
import { ForbiddenError, NotFoundError } from "./errors";
import type { UserView } from "./auth/users";

/** Whether the user may create projects: admins always; others once an admin granted the creator role. */
export async function canCreateProjects(user: Pick<UserView, "id" | "isAdmin">): Promise<boolean> {
  if (user.isAdmin) return true;
  return !!(await db().projectCreator.findUnique({ where: { userId: user.id }, select: { userId: true } }));
}

/** Throws 403 unless the user may create projects (canCreateProjects). */
export async function requireProjectCreator(user: Pick<UserView, "id" | "isAdmin">): Promise<void> {
  if (!(await canCreateProjects(user))) throw new ForbiddenError("Creating projects needs the creator role; an admin can grant it.");
}

/**
 * Grants (`allowed` true) or withdraws the creator role of the user with this email; idempotent.
 * Returns the user's id and email; 404 when no such user exists.
 */
export async function setProjectCreator(email: string, allowed: boolean): Promise<{ userId: string; email: string; canCreateProjects: boolean }> {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true } });
  if (!user) throw new NotFoundError(`User ${email}`);
  if (allowed) await db().projectCreator.upsert({ where: { userId: user.id }, create: { userId: user.id }, update: {} });
  else await db().projectCreator.deleteMany({ where: { userId: user.id } });
  return { userId: user.id, email: user.email, canCreateProjects: allowed };
}

/** Every non-admin user holding the creator role, oldest grant first. */
export async function listProjectCreators(): Promise<{ userId: string; email: string; grantedAt: string }[]> {
  const rows = await db().projectCreator.findMany({ include: { user: { select: { email: true } } }, orderBy: { grantedAt: "asc" } });
  return rows.map((r) => ({ userId: r.userId, email: r.user.email, grantedAt: r.grantedAt.toISOString() }));
}
