import "server-only";
import { db } from "./db/client";
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
 * Removes a member. Refused (409) when it would leave the project without an admin, since nobody could then
 * manage its team or delete it. 404 when the user is not a member.
 */
export async function removeMember(projectId: string, userId: string) {
  await db().$transaction(async (t) => {
    const m = await t.member.findUnique({ where: { projectId_userId: { projectId, userId } } });
    if (!m) throw new NotFoundError("Member");
    if (m.role === "admin" && (await t.member.count({ where: { projectId, role: "admin" } })) <= 1)
      throw new ConflictError("This is the project's last admin: make another member admin first.");
    await t.member.delete({ where: { projectId_userId: { projectId, userId } } });
  });
}

/**
 * Changes a member's role → the member view. 404 when the user is not a member; 409 when it would demote the
 * project's last admin.
 */
export async function setMemberRole(projectId: string, userId: string, role: Role) {
  return db().$transaction(async (t) => {
    const m = await t.member.findUnique({ where: { projectId_userId: { projectId, userId } }, include: { user: true } });
    if (!m) throw new NotFoundError("Member");
    if (m.role === "admin" && role !== "admin" && (await t.member.count({ where: { projectId, role: "admin" } })) <= 1)
      throw new ConflictError("This is the project's last admin: make another member admin first.");
    const u = await t.member.update({ where: { projectId_userId: { projectId, userId } }, data: { role } });
    return { projectId, userId, email: m.user.email, name: m.user.name, role: u.role };
  });
}
