import type { ServedItem } from "@/lib/shared/types";
import { showControls } from "./bidi";

export const UNDO_DEPTH = 10;

/**
 * A label given on this page. `pending`: being sent; `waiting`: a send failed transiently (network, 5xx, 408, 429)
 * and it is resent until stored; `saved`: stored; `rejected`: the server refused it for good (the reason is in
 * `error`), so it is never offered for retry.
 */
export type SubmissionStatus = "pending" | "waiting" | "saved" | "rejected";

export interface Submission {
  requestId: string;
  item: ServedItem;
  value: string;
  status: SubmissionStatus;
  labelId?: string;
  error?: string;
}

export interface SessionState {
  queue: ServedItem[];
  history: Submission[];
  exhausted: boolean;
  loadError: string | null;
  sessionCount: number;
  /** Things the labeler must be told once: refused labels, snippets whose hold was lost. */
  notices: string[];
  /** The last request failed with a network error (or the browser reports being offline). */
  offline: boolean;
}

export type SessionAction =
  | { type: "leased"; items: ServedItem[]; asked: number }
  | { type: "label"; requestId: string; item: ServedItem; value: string }
  | { type: "restored"; labels: { requestId: string; item: ServedItem; value: string }[] }
  | { type: "saved"; requestId: string; labelId: string }
  | { type: "waiting"; requestId: string; error: string; offline: boolean }
  | { type: "rejected"; requestId: string; error: string }
  | { type: "sending"; requestId: string }
  | { type: "undone"; requestId: string; item: ServedItem }
  | { type: "lost"; itemIds: number[] }
  | { type: "connectivity"; offline: boolean }
  | { type: "notice"; message: string }
  | { type: "dismiss" }
  | { type: "error"; message: string }
  | { type: "clearError" };

export const initialSession: SessionState = {
  queue: [],
  history: [],
  exhausted: false,
  loadError: null,
  sessionCount: 0,
  notices: [],
  offline: false,
};

/** Not yet stored: kept on the page (and in local storage) until the server has it. */
export const isUnsaved = (s: Submission) => s.status === "pending" || s.status === "waiting";

const patch = (h: Submission[], requestId: string, p: Partial<Submission>) =>
  h.map((s) => (s.requestId === requestId ? { ...s, ...p } : s));

/** The undo list holds the last UNDO_DEPTH labels; unsaved ones stay until they are stored. */
const trim = (h: Submission[]) => {
  const keepFrom = h.length - UNDO_DEPTH;
  return h.filter((s, i) => i >= keepFrom || isUnsaved(s));
};

/** An id as messages quote it: invisible bidi controls written out, so the message shows what is stored. */
const idText = (i: ServedItem) => `"${showControls(i.id)}"`;

/** The labeling page's state machine: pure, so it is unit-tested without a browser. */
export function sessionReducer(s: SessionState, a: SessionAction): SessionState {
  switch (a.type) {
    case "leased": {
      // The server returns the caller's held leases first; skip what is already queued or was labeled here. A saved
      // label counts too: a lease answer computed before the label was stored may still list its item.
      const busy = new Set([...s.queue.map((i) => i.itemId), ...s.history.map((h) => h.item.itemId)]);
      const fresh = a.items.filter((i) => !busy.has(i.itemId));
      return { ...s, loadError: null, offline: false, queue: [...s.queue, ...fresh], exhausted: fresh.length === 0 && a.items.length < a.asked };
    }
    case "label":
    case "restored": {
      const add = a.type === "label" ? [a] : a.labels.filter((l) => !s.history.some((h) => h.requestId === l.requestId));
      if (!add.length) return s;
      const ids = new Set(add.map((l) => l.item.itemId));
      return {
        ...s,
        queue: s.queue.filter((i) => !ids.has(i.itemId)),
        history: trim([...s.history, ...add.map((l) => ({ requestId: l.requestId, item: l.item, value: l.value, status: "pending" as const }))]),
        sessionCount: s.sessionCount + (a.type === "label" ? 1 : 0),
      };
    }
    case "saved":
      return { ...s, offline: false, history: trim(patch(s.history, a.requestId, { status: "saved", labelId: a.labelId, error: undefined })) };
    case "waiting":
      return { ...s, offline: a.offline, history: patch(s.history, a.requestId, { status: "waiting", error: a.error }) };
    case "rejected": {
      const sub = s.history.find((h) => h.requestId === a.requestId);
      if (!sub) return s;
      return {
        ...s,
        history: trim(patch(s.history, a.requestId, { status: "rejected", error: a.error })),
        sessionCount: Math.max(0, s.sessionCount - 1),
        notices: [...s.notices, `Your label for ${idText(sub.item)} was not stored: ${a.error}`],
      };
    }
    case "sending":
      return { ...s, history: patch(s.history, a.requestId, { status: "pending" }) };
    case "undone":
      return {
        ...s,
        history: s.history.filter((h) => h.requestId !== a.requestId),
        queue: [a.item, ...s.queue.filter((i) => i.itemId !== a.item.itemId)],
        sessionCount: Math.max(0, s.sessionCount - 1),
        exhausted: false,
      };
    case "lost": {
      const lost = s.queue.filter((i) => a.itemIds.includes(i.itemId));
      if (!lost.length) return s;
      const names = lost.map(idText).join(", ");
      return {
        ...s,
        queue: s.queue.filter((i) => !a.itemIds.includes(i.itemId)),
        notices: [...s.notices, `Your hold on ${names} lapsed and ${lost.length > 1 ? "they were" : "it was"} given to someone else; moved on.`],
      };
    }
    case "connectivity":
      return s.offline === a.offline ? s : { ...s, offline: a.offline };
    case "notice":
      return { ...s, notices: [...s.notices, a.message] };
    case "dismiss":
      return { ...s, notices: [] };
    case "error":
      return { ...s, loadError: a.message };
    case "clearError":
      return { ...s, loadError: null, exhausted: false };
  }
}
