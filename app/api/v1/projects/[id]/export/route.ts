import { z } from "zod";
import { projectAccess } from "@/lib/server/access";
import { route, searchParam } from "@/lib/server/http";
import { EXPORT_FORMATS, exportStream } from "@/lib/server/export/export";

/** Streams labels or decisions as JSONL, plain CSV or Excel-friendly CSV (`format=csv-excel`: UTF-8 BOM). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  const format = searchParam(req, "format", z.enum(EXPORT_FORMATS).default("jsonl"));
  const what = searchParam(req, "what", z.enum(["labels", "decisions"]).default("labels"));
  const slug = project.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-|-$/g, "") || "project";
  const date = new Date().toISOString().slice(0, 10);
  const file =
    format === "csv-excel"
      ? `${slug}-${what}-${date}-excel.csv`
      : format === "labelstudio"
        ? `${slug}-label-studio-${date}.json`
        : format === "prodigy"
          ? `${slug}-prodigy-${date}.jsonl`
          : `${slug}-${what}-${date}.${format}`;
  const type = format === "labelstudio" ? "application/json" : format === "jsonl" || format === "prodigy" ? "application/x-ndjson" : "text/csv";
  return new Response(exportStream(project, what, format), {
    headers: {
      "content-type": `${type}; charset=utf-8`,
      "content-disposition": `attachment; filename="${file}"`,
      "cache-control": "no-store",
    },
  });
});
