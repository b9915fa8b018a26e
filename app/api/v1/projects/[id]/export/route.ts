import { z } from "zod";
import { projectAccess } from "@/lib/server/access";
import { route, searchParam } from "@/lib/server/http";
import { exportStream } from "@/lib/server/export/export";

export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  const format = searchParam(req, "format", z.enum(["jsonl", "csv"]).default("jsonl"));
  const what = searchParam(req, "what", z.enum(["labels", "decisions"]).default("labels"));
  const slug = project.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-|-$/g, "") || "project";
  const date = new Date().toISOString().slice(0, 10);
  return new Response(exportStream(project, what, format), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${slug}-${what}-${date}.${format}"`,
      "cache-control": "no-store",
    },
  });
});
