import type { Role, StrategyName } from "./schemas";

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
  createdAt: string;
  updatedAt: string;
  role: Role;
}

/** What a labeler may see of a project: what the labeling page needs (name, label names, lease length). */
export type ProjectHeaderView = Pick<ProjectView, "id" | "name" | "positiveLabel" | "negativeLabel" | "leaseSeconds" | "role">;

export interface ImportReport {
  received: number;
  inserted: number;
  updated: number;
  rejected: number;
  errors: { line: number; message: string }[];
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
  } | null;
  calibration: { lo: number; hi: number; meanQ: number; labeled: number; positiveRate: number; low: number; high: number }[];
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
