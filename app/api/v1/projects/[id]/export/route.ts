import { z } from "zod";
import { projectAccess } from "@/lib/server/access";
import { ValidationError } from "@/lib/server/errors";
import { route, searchParam } from "@/lib/server/http";
import { EXPORT_FORMATS, EXPORT_WHATS, exportStream } from "@/lib/server/export/export";
import type { ExportFilters } from "@/lib/server/export/filters";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1").optional();
const prob = z.coerce.number().min(0).max(1).optional();

/**
 * Streams labels, decisions or items (decisions with text) as JSONL, plain CSV or Excel-friendly CSV
 * (`format=csv-excel`: UTF-8 BOM), filtered by `decision` (a label name), `labeled`, `stream`, `qMin`, `qMax`.
 */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  const format = searchParam(req, "format", z.enum(EXPORT_FORMATS).default("jsonl"));
  const what = searchParam(req, "what", z.enum(EXPORT_WHATS).default("labels"));
  const decision = searchParam(req, "decision", z.enum([project.positiveLabel, project.negativeLabel]).optional());
  const filters: ExportFilters = {
    decision: decision === undefined ? undefined : decision === project.positiveLabel ? 1 : 0,
    labeled: searchParam(req, "labeled", bool),
    stream: searchParam(req, "stream", z.enum(["active", "audit", "random"]).optional()),
    qMin: searchParam(req, "qMin", prob),
    qMax: searchParam(req, "qMax", prob),
  };
  if (filters.qMin !== undefined && filters.qMax !== undefined && filters.qMin > filters.qMax)
    throw new ValidationError(`query.qMin: must not exceed qMax (${filters.qMax})`, { field: "qMin" });
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
  return new Response(exportStream(project, what, format, filters), {
    headers: {
      "content-type": `${type}; charset=utf-8`,
      "content-disposition": `attachment; filename="${file}"`,
      "cache-control": "no-store",
    },
  });
});
