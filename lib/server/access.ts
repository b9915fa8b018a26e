import "server-only";
import type { Role } from "@/lib/shared/schemas";
import { checkRole, memberRole, requireUser } from "./auth/session";
import type { UserView } from "./auth/users";
import type { Project } from "./db/generated/sqlite/client";
import { getProject } from "./projects";

/** The caller, the project and the caller's role, or the 401/403/404 that says why not. */
export async function projectAccess(
  req: Request,
  projectId: string,
  min: Role,
): Promise<{ user: UserView; project: Project; role: Role }> {
  const user = await requireUser(req);
  // The project is read once: a missing project is a 404 before membership is checked.
  const project = await getProject(projectId);
  const role = checkRole(await memberRole(projectId, user), min);
  return { user, project, role };
}
