import type { LeasedItem } from "@/lib/shared/types";

export const UNDO_DEPTH = 10;

export interface Submission {
  requestId: string;
  item: LeasedItem;
  value: string;
  status: "pending" | "saved" | "failed";
  labelId?: string;
  error?: string;
}

export interface SessionState {
  queue: LeasedItem[];
  history: Submission[];
  exhausted: boolean;
  loadError: string | null;
  sessionCount: number;
}

export type SessionAction =
  | { type: "leased"; items: LeasedItem[]; asked: number }
  | { type: "label"; requestId: string; item: LeasedItem; value: string }
  | { type: "saved"; requestId: string; labelId: string }
  | { type: "failed"; requestId: string; error: string }
  | { type: "retry"; requestId: string }
  | { type: "undone"; requestId: string; item: LeasedItem }
  | { type: "error"; message: string }
  | { type: "clearError" };

export const initialSession: SessionState = { queue: [], history: [], exhausted: false, loadError: null, sessionCount: 0 };

const patch = (h: Submission[], requestId: string, p: Partial<Submission>) =>
  h.map((s) => (s.requestId === requestId ? { ...s, ...p } : s));

/** The labeling page's state machine: pure, so it is unit-tested without a browser. */
export function sessionReducer(s: SessionState, a: SessionAction): SessionState {
  switch (a.type) {
    case "leased": {
      // The server returns the caller's held leases first; skip what is already queued or was labeled here. A saved
      // label counts too: a lease answer computed before the label was stored may still list its item.
      const busy = new Set([...s.queue.map((i) => i.itemId), ...s.history.map((h) => h.item.itemId)]);
      const fresh = a.items.filter((i) => !busy.has(i.itemId));
      return { ...s, loadError: null, queue: [...s.queue, ...fresh], exhausted: fresh.length === 0 && a.items.length < a.asked };
    }
    case "label": {
      const history = [...s.history, { requestId: a.requestId, item: a.item, value: a.value, status: "pending" as const }];
      // The undo stack holds the last UNDO_DEPTH labels; failed ones stay until they are retried.
      const keepFrom = history.length - UNDO_DEPTH;
      return {
        ...s,
        queue: s.queue.filter((i) => i.itemId !== a.item.itemId),
        history: history.filter((h, i) => i >= keepFrom || h.status === "failed"),
        sessionCount: s.sessionCount + 1,
      };
    }
    case "saved":
      return { ...s, history: patch(s.history, a.requestId, { status: "saved", labelId: a.labelId, error: undefined }) };
    case "failed":
      return { ...s, history: patch(s.history, a.requestId, { status: "failed", error: a.error }) };
    case "retry":
      return { ...s, history: patch(s.history, a.requestId, { status: "pending", error: undefined }) };
    case "undone":
      return {
        ...s,
        history: s.history.filter((h) => h.requestId !== a.requestId),
        queue: [a.item, ...s.queue.filter((i) => i.itemId !== a.item.itemId)],
        sessionCount: Math.max(0, s.sessionCount - 1),
        exhausted: false,
      };
    case "error":
      return { ...s, loadError: a.message };
    case "clearError":
      return { ...s, loadError: null, exhausted: false };
  }
}
