import type { AdjudicationView } from "./types";
import { z } from "zod";

/** Sort keys of the item browser: queue priority, q, distance to the threshold |q − τ|, newest live label time. */
export const BROWSE_SORTS = ["priority", "q", "distance", "lastLabel"] as const;
export type BrowseSort = (typeof BROWSE_SORTS)[number];
/**
 * unlabeled: no live label; labeled: ≥ 1 live positive/negative label; skipped: only skips; disputed: both labels;
 * adjudicated: a live adjudication sets the final label.
 */
export const LABEL_STATES = ["unlabeled", "labeled", "skipped", "disputed", "adjudicated"] as const;
export type LabelState = (typeof LABEL_STATES)[number];
export const LABEL_STREAMS = ["active", "audit", "random"] as const;

/** Shortest search text: the trigram indexes (SQLite FTS5 trigram, pg_trgm) need 3 characters to use the index. */
export const MIN_SEARCH_CHARS = 3;

// Query-string values arrive as strings; an empty string means "not set" so a cleared form field is harmless.
const blank = (v: unknown) => (v === "" ? undefined : v);
const unit = z.preprocess(blank, z.coerce.number({ error: "must be a number" }).refine(Number.isFinite, "must be a finite number").min(0, "must be ≥ 0").max(1, "must be ≤ 1").optional());

/**
 * `GET /projects/{id}/items` query. Range filters are inclusive; every filter narrows (AND). The label filters
 * (`stream`, `labeler`, `modelVersion`) keep items with one live label that matches all of them.
 */
export const browseQuerySchema = z
  .object({
    search: z.preprocess(
      blank,
      z.string().trim().min(MIN_SEARCH_CHARS, `must be at least ${MIN_SEARCH_CHARS} characters`).max(200, "must be at most 200 characters").optional(),
    ),
    qMin: unit,
    qMax: unit,
    scoreMin: unit,
    scoreMax: unit,
    decision: z.preprocess(blank, z.enum(["positive", "negative"]).optional()),
    nearTau: z.preprocess(blank, z.coerce.number({ error: "must be a number" }).refine(Number.isFinite, "must be a finite number").gt(0, "must be > 0").max(1, "must be ≤ 1").optional()),
    state: z.preprocess(blank, z.enum(LABEL_STATES).optional()),
    stream: z.preprocess(blank, z.enum(LABEL_STREAMS).optional()),
    labeler: z.preprocess(blank, z.string().trim().min(1).max(320).optional()),
    modelVersion: z.preprocess(blank, z.coerce.number({ error: "must be a number" }).int("must be an integer").min(0, "must be ≥ 0").optional()),
    sort: z.preprocess(blank, z.enum(BROWSE_SORTS).default("priority")),
    order: z.preprocess(blank, z.enum(["asc", "desc"]).default("desc")),
    limit: z.preprocess(blank, z.coerce.number({ error: "must be a number" }).int("must be an integer").min(1, "must be ≥ 1").max(200, "must be ≤ 200").default(50)),
    cursor: z.preprocess(blank, z.string().max(500, "is too long").optional()),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.qMin !== undefined && v.qMax !== undefined && v.qMin > v.qMax) ctx.addIssue({ code: "custom", path: ["qMin"], message: "must be ≤ qMax" });
    if (v.scoreMin !== undefined && v.scoreMax !== undefined && v.scoreMin > v.scoreMax) {
      ctx.addIssue({ code: "custom", path: ["scoreMin"], message: "must be ≤ scoreMax" });
    }
  });
export type BrowseQuery = z.infer<typeof browseQuerySchema>;

/** One row of the item browser (text cut to `BROWSE_TEXT_CHARS` characters). */
export interface BrowseItem {
  id: number;
  externalId: string;
  text: string;
  score: number | null;
  q: number | null;
  decision: string | null;
  priority: number;
  labelCount: number;
  finalLabel: string | null;
  disputed: boolean;
  lastLabelAt: string | null;
  textChanged: boolean;
}
export const BROWSE_TEXT_CHARS = 300;

export interface BrowsePage {
  items: BrowseItem[];
  /** Opaque; pass as `cursor` with the same filters and sort for the next page. Null on the last page. */
  nextCursor: string | null;
}

/** One label on the item page. */
export interface ItemLabelView {
  id: string;
  value: string;
  labeler: { id: string; email: string; name: string | null };
  createdAt: string;
  deletedAt: string | null;
  stream: string;
  strategy: string | null;
  inclusionProbability: number | null;
  modelVersion: number | null;
  scoreAtLabel: number | null;
  qAtLabel: number | null;
  textVersion: number;
  auditStratum: number | null;
}

/** `GET /projects/{id}/items/{itemId}`. `textChangedAfterLabel`: a live label judged an older text version. */
export interface ItemDetail {
  id: number;
  externalId: string;
  text: string;
  meta: Record<string, unknown> | null;
  score: number | null;
  q: number | null;
  decision: string | null;
  priority: number;
  threshold: number;
  status: string;
  labelCount: number;
  finalLabel: string | null;
  disputed: boolean;
  auditStratum: number | null;
  textVersion: number;
  textChangedAt: string | null;
  textChangedAfterLabel: boolean;
  createdAt: string;
  labels: ItemLabelView[];
  /** The live adjudication (a researcher's final label, which overrides the labels' majority), if any. */
  adjudication: AdjudicationView | null;
}
