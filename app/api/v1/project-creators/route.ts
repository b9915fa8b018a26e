import { requireAdmin, requireUser } from "@/lib/server/auth/session";
import { jsonBody, route } from "@/lib/server/http";
import { listProjectCreators, setProjectCreator } from "@/lib/server/project-creators";
import { projectCreatorSchema } from "@/lib/shared/schemas";

/** Users allowed to create projects besides admins (admins only). */
export const GET = route(async (req) => {
  requireAdmin(await requireUser(req));
  return Response.json({ creators: await listProjectCreators() });
});

/** Grants or withdraws the creator role: {"email", "canCreateProjects": true|false} (admins only). */
export const POST = route(async (req) => {
  requireAdmin(await requireUser(req));
  const { email, canCreateProjects } = await jsonBody(req, projectCreatorSchema);
  return Response.json(await setProjectCreator(email, canCreateProjects));
});
