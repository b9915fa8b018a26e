import { api } from "../api";
import type { AdjudicationView, ReviewPage } from "@/lib/shared/types";

/** One page of the review queue (disputes first; `contradictions` adds labels contradicting a confident model). */
export const fetchReview = (id: string, opts: { cursor?: string | null; contradictions: boolean; limit?: number }) =>
  api<ReviewPage>(
    `/api/v1/projects/${id}/review?limit=${opts.limit ?? 50}&contradictions=${opts.contradictions}${opts.cursor ? `&cursor=${encodeURIComponent(opts.cursor)}` : ""}`,
  );

export const adjudicateItem = (id: string, itemId: number, value: string) =>
  api<{ adjudication: AdjudicationView & { duplicate: boolean } }>(`/api/v1/projects/${id}/items/${itemId}/adjudication`, { method: "POST", json: { value } });

/** Undoes exactly `adjudicationId` (a retry is a 409, never a second undo). */
export const undoAdjudicationOf = (id: string, itemId: number, adjudicationId: string) =>
  api<{ itemId: number; adjudication: AdjudicationView | null }>(
    `/api/v1/projects/${id}/items/${itemId}/adjudication?adjudicationId=${encodeURIComponent(adjudicationId)}`,
    { method: "DELETE" },
  );
