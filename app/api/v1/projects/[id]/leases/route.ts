import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { assertNotArchived } from "@/lib/server/project-admin";
import { releaseLeases, renewLeases } from "@/lib/server/queue/lease";
import { releaseLeasesSchema, renewLeasesSchema } from "@/lib/shared/schemas";

/**
 * Renews the caller's leases on the listed items (the labeling page's heartbeat) → `{held, lost, leaseExpiresAt}`:
 * `lost` items were taken by someone else after their lease lapsed, or are no longer open.
 */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const { user, project } = await projectAccess(req, id, "labeler");
  assertNotArchived(project);
  const { itemIds, session } = await jsonBody(req, renewLeasesSchema);
  return Response.json(await renewLeases(project, user.id, itemIds, session ?? null));
});

/** Gives the caller's leased items back to the queue (the listed ones, else all of them or all of the session's). */
export const DELETE = route<{ id: string }>(async (req, { id }) => {
  const { user } = await projectAccess(req, id, "labeler");
  const { itemIds, session } = await jsonBody(req, releaseLeasesSchema);
  return Response.json({ released: await releaseLeases(id, user.id, itemIds, session) });
});
