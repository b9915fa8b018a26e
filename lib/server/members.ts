import "server-only";
import { db } from "./db/client";
import { NotFoundError } from "./errors";
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

export async function removeMember(projectId: string, userId: string) {
  const r = await db().member.deleteMany({ where: { projectId, userId } });
  if (r.count === 0) throw new NotFoundError("Member");
}
