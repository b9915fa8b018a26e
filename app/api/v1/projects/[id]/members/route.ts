import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { addMember, listMembers } from "@/lib/server/members";
import { memberSchema } from "@/lib/shared/schemas";

export const GET = route<{ id: string }>(async (req, { id }) => {
  await projectAccess(req, id, "researcher");
  return Response.json({ members: await listMembers(id) });
});

export const POST = route<{ id: string }>(async (req, { id }) => {
  await projectAccess(req, id, "admin");
  const { email, role } = await jsonBody(req, memberSchema);
  return Response.json(await addMember(id, email, role), { status: 201 });
});
