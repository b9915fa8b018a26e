import type { Role, StrategyName } from "./schemas";
import type { ThresholdCurve } from "@/lib/sampling/thresholds/types";
import type { Reliability } from "@/lib/sampling/calibration/reliability";
import type { ActiveEstimate } from "@/lib/sampling/active-estimate/types";

/** Shapes the HTTP API returns; shared by route handlers and the browser client. */
export interface ProjectView {
  id: string;
  name: string;
  positiveLabel: string;
  negativeLabel: string;
  threshold: number;
  strategy: StrategyName;
  auditFraction: number;
  labelsPerItem: number;
  retrainEvery: number;
  selfValue: number;
  leaseSeconds: number;
  showMeta: boolean;
  /** Share of each queue round drawn at random with recorded inclusion probabilities. */
  randomShare: number;
  createdAt: string;
  updatedAt: string;
  role: Role;
  /** ISO time the project was archived, or null: archived projects are hidden from labelers and refuse labels. */
  archivedAt?: string | null;
  /** In project lists: pool size and items with at least one label. */
  progress?: { items: number; labeled: number };
}

/** One API token of the caller, without its secret (shown only when created). */
export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What a labeler may see of a project: what the labeling page needs (name, label names, lease length, showMeta). */
export type ProjectHeaderView = Pick<ProjectView, "id" | "name" | "positiveLabel" | "negativeLabel" | "leaseSeconds" | "showMeta" | "role" | "progress">;

export interface ImportReport {
  received: number;
  inserted: number;
  updated: number;
  rejected: number;
  errors: { line: number; message: string }[];
  /** Labeled items whose text this import changed: their labels judged the old text (first 100 ids). */
  textChanged: { count: number; ids: string[] };
  /** Label Studio annotations and Prodigy answers stored as labels of the importing user (interop formats only). */
  labels?: { stored: number; refused: number };
}

export interface LeasedItem {
  itemId: number;
  id: string;
  text: string;
  meta: Record<string, unknown> | null;
  stream: "active" | "audit" | "random";
  leaseExpiresAt: string;
}

export interface LabelView {
  labelId: string;
  itemId: number;
  id: string;
  value: string;
  stream: string;
  createdAt: string;
  duplicate: boolean;
}

export interface StatsView {
  items: number;
  labeled: number;
  queued: number;
  skipped: number;
  byStream: Record<string, number>;
  byValue: Record<string, number>;
  decisions: { positive: number; negative: number; undecided: number };
  histogram: { lo: number; hi: number; count: number; positiveDecisions: number }[];
  labelers: { userId: string; email: string; labels: number; lastHour: number }[];
  me: { labels: number; lastHour: number; perHour: number | null };
  coldStart: boolean;
  model: ModelView;
  /** Audit-stream estimates of the live decisions' errors over the whole pool, with 95% intervals. */
  estimates: {
    errorRate: Interval;
    falsePositives: Interval;
    falseNegatives: Interval;
    cost: Interval;
    auditLabels: number;
    imputedShare: number;
    estimatedAt: string | null;
    /** "active": from every label (activeEstimates); "audit": from the audit stream only (no closed round yet). */
    source?: "active" | "audit";
    /** Labels the estimate rests on, their Kish effective sample size, and whether the model-predicted variance
     *  set the width of the FP or FN interval (active estimates only). */
    labels?: number;
    effectiveSampleSize?: number;
    modelBound?: boolean;
    /** Share of the used rounds' planned items only skipped (active estimates only). */
    skipShare?: number;
  } | null;
  calibration: { lo: number; hi: number; meanQ: number; labeled: number; positiveRate: number; low: number; high: number }[];
  /** Estimates at τ from every label (queue rounds with recorded π, model as control variate); null before a closed round. */
  activeEstimates: ActiveEstimateView | null;
}

/** The active estimate at τ with what it rests on (sampling.md §5b, docs/decisions/estimation-queue.md). */
export interface ActiveEstimateView extends ActiveEstimate {
  /** The model version whose decisions (q ≥ τ) are estimated: the live one. */
  decisionModelVersion: number;
  /** Queue rounds used (closed rounds planned under the live model at τ). */
  roundsUsed: number[];
  /** Share of the used rounds' planned items that were only skipped (treated as not drawn: see the decision doc). */
  skipShare: number;
}

export interface Interval {
  value: number;
  low: number;
  high: number;
}

/** A background job as the API reports it (retrain). */
export interface JobView {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  message: string | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: { modelVersion?: number; labelsUsed?: number; decisionsChanged?: number; seconds?: number; coldStart?: boolean; items?: number } | null;
}

export interface ModelView {
  version: number;
  kind: string | null;
  name: string | null;
  trainedAt: string | null;
  labelsUsed: number;
  metrics: Record<string, unknown> | null;
}

/** Result of a scores upload (POST /projects/{id}/scores). */
export interface ScoresReport {
  modelVersion: number;
  received: number;
  updated: number;
  /** Rows whose id matches no item; the first 100 are listed with their line in `unknown`. */
  unknownIds: number;
  unknown: { line: number; id: string }[];
  rejected: number;
  errors: { line: number; message: string }[];
  retrainJobId: string;
}

/**
 * An item as `next` serves it to its caller: labelers get no `stream` (an audit marker can bias a label) and get
 * `meta` only when the project shows it; researchers and admins get the whole LeasedItem.
 */
export type ServedItem = Omit<LeasedItem, "stream"> & { stream?: LeasedItem["stream"] };

/** `POST /projects/{id}/leases`: the caller's items still held, until when, and those lost. */
export interface RenewView {
  held: number[];
  lost: number[];
  leaseExpiresAt: string;
}

/** GET /projects/{id}/thresholds: estimates at candidate thresholds τ′ (docs/thresholds.md). */
export interface ThresholdsView extends ThresholdCurve {
  /** The grid asked for (or chosen): from … to in `steps` even steps; `points` also holds the saved τ. */
  from: number;
  to: number;
  steps: number;
  /** Which labels the estimates come from. */
  labelSource: "audit";
  /** The saved τ's estimate from every label (stats.activeEstimates); null before a closed queue round. */
  active?: ActiveEstimateView | null;
}
export type { ThresholdCurve, ThresholdPoint, MaybeInterval } from "@/lib/sampling/thresholds/types";

/** GET /projects/{id}/reliability: calibration of the live model and of each model version (audit labels). */
export interface ReliabilityView {
  versions: ({
    version: number;
    /** "current": the live model's q on every audit label; "at-label": this version's q when each label was given. */
    source: "current" | "at-label";
  } & Reliability)[];
}
export type { Reliability, ReliabilityBin } from "@/lib/sampling/calibration/reliability";

/** GET /projects/{id}/labelers: who labels how much, and how much they agree (κ per pair, α overall). */
export interface LabelersView {
  labelers: { userId: string; email: string; labels: number; skips: number; lastHour: number; perHour: number | null }[];
  /** Pairs who labeled the same items (skips left out); κ is null when undefined (e.g. both used one label only). */
  pairs: { a: string; b: string; items: number; agreement: number; kappa: number | null }[];
  /** Krippendorff's α (nominal) over items with ≥ 2 labels; null when undefined. */
  alpha: { value: number | null; items: number };
}

type Band = { value: number; low: number; high: number };
/** GET /projects/{id}/history: the audit estimate at τ recorded at each retrain, per model version. */
export interface HistoryView {
  versions: {
    version: number;
    kind: string;
    createdAt: string;
    labelsUsed: number;
    estimate: { tau: number; labeled: number; falsePositives: Band; falseNegatives: Band; errorRate: Band; cost: Band; imputedShare: number; at: string } | null;
  }[];
}

/** A researcher's final label for an item (review and adjudication). */
export interface AdjudicationView {
  adjudicationId: string;
  itemId: number;
  /** The project's current name for class y. */
  value: string;
  y: 0 | 1;
  /** Ids of the live labels it overrode when it was made. */
  overrides: string[];
  /** The researcher's email. */
  by: string;
  createdAt: string;
}

/** One item of the review queue with its live labels. */
export interface ReviewItem {
  itemId: number;
  id: string;
  text: string;
  meta: Record<string, unknown> | null;
  q: number | null;
  decision: string | null;
  finalLabel: string | null;
  reason: "disputed" | "contradiction";
  labels: { labelId: string; labeler: string; value: string; stream: string; createdAt: string }[];
}

export interface ReviewPage {
  items: ReviewItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A project's labeling guidelines (Markdown) and their version (0: none written yet). */
export interface GuidelinesView {
  markdown: string;
  version: number;
}
