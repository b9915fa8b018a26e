import { projectAccess } from "@/lib/server/access";
import { route } from "@/lib/server/http";
import { retrainStatus, requestRetrain } from "@/lib/server/model-status";

/** Train now: queues a retrain (or returns the one already waiting). */
export const POST = route<{ id: string }>(async (req, { id }) => {
  await projectAccess(req, id, "researcher");
  return Response.json(await requestRetrain(id), { status: 202 });
});

/** The latest retrain job's state and progress, and the live model version. */
export const GET = route<{ id: string }>(async (req, { id }) => {
  await projectAccess(req, id, "researcher");
  return Response.json(await retrainStatus(id));
});
