import "server-only";
import { db, sql } from "./db/client";
import type { SqlExec } from "./db/sql";
import { ConflictError, NotFoundError } from "./errors";
import type { Role } from "@/lib/shared/schemas";

export async function addMember(projectId: string, email: string, role: Role) {
  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new NotFoundError(`User ${email}`);
  const m = await db().member.upsert({
    where: { projectId_userId: { projectId, userId: user.id } },
    create: { projectId, userId: user.id, role },
    update: { role },
  });
  return { projectId, userId: user.id, email: user.email, role: m.role };
}

export async function listMembers(projectId: string) {
  const ms = await db().member.findMany({ where: { projectId }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return ms.map((m) => ({ projectId, userId: m.userId, email: m.user.email, name: m.user.name, role: m.role }));
}

/**
 * Locks the project's admin memberships (PostgreSQL: FOR UPDATE, so two admins demoting or removing each other at
 * once are serialised and the second sees the first's change; SQLite's write transaction already serialises) and
 * refuses (409) a change that would leave the project without an admin: nobody could then manage its team or
 * delete it. 404 when the user is not a member.
 */
async function guardLastAdmin(t: SqlExec, projectId: string, userId: string, staysAdmin: boolean): Promise<{ role: string }> {
  const lock = sql().dialect === "postgresql" ? " FOR UPDATE" : "";
  const admins = await t.all<{ userId: string }>(`SELECT "userId" FROM "Member" WHERE "projectId" = ? AND role = 'admin'${lock}`, [projectId]);
  const m = await t.get<{ role: string }>(`SELECT role FROM "Member" WHERE "projectId" = ? AND "userId" = ?${lock}`, [projectId, userId]);
  if (!m) throw new NotFoundError("Member");
  if (!staysAdmin && admins.length <= 1 && admins.some((a) => a.userId === userId))
    throw new ConflictError("This is the project's last admin: make another member admin first.");
  return m;
}

/** Removes a member; never the project's last admin (409). 404 when the user is not a member. */
export async function removeMember(projectId: string, userId: string) {
  await sql().tx(async (t) => {
    await guardLastAdmin(t, projectId, userId, false);
    await t.run(`DELETE FROM "Member" WHERE "projectId" = ? AND "userId" = ?`, [projectId, userId]);
  });
}

/**
 * Changes a member's role → the member view. 404 when the user is not a member; 409 when it would demote the
 * project's last admin.
 */
export async function setMemberRole(projectId: string, userId: string, role: Role) {
  await sql().tx(async (t) => {
    await guardLastAdmin(t, projectId, userId, role === "admin");
    await t.run(`UPDATE "Member" SET role = ? WHERE "projectId" = ? AND "userId" = ?`, [role, projectId, userId]);
  });
  const u = await db().user.findUniqueOrThrow({ where: { id: userId } });
  return { projectId, userId, email: u.email, name: u.name, role };
}
