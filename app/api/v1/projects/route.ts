import { requireUser } from "@/lib/server/auth/session";
import { jsonBody, route } from "@/lib/server/http";
import { createProject, listProjects } from "@/lib/server/projects";
import { requireProjectCreator } from "@/lib/server/project-creators";
import { createProjectSchema } from "@/lib/shared/schemas";

export const GET = route(async (req) => {
  const user = await requireUser(req);
  const q = new URL(req.url).searchParams.get("q") ?? undefined;
  return Response.json({ projects: await listProjects(user, q) });
});

export const POST = route(async (req) => {
  const user = await requireUser(req);
  await requireProjectCreator(user);
  const input = await jsonBody(req, createProjectSchema);
  return Response.json(await createProject(input, user), { status: 201 });
});
