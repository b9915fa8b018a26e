"use client";

import type { Submission } from "@/lib/client/labeling/session-state";
import { showControls } from "@/lib/client/labeling/bidi";
import { ActionButton } from "./action-button";

const STATUS: Record<Submission["status"], string> = { pending: "saving…", waiting: "waiting", saved: "saved", rejected: "not stored" };

/** The last labels given on this page, newest first, each with its value and state; stored ones can be undone. */
export function RecentLabels({ history, onUndo }: { history: Submission[]; onUndo: (requestId: string) => void }) {
  if (!history.length) return null;
  return (
    <section aria-label="Your recent labels" className="mt-2 rounded-lg border border-slate-200 bg-white text-sm">
      <h2 className="border-b border-slate-200 px-3 py-1.5 text-xs font-semibold tracking-wide text-slate-700 uppercase">Your recent labels</h2>
      <ol data-testid="recent-labels" className="max-h-40 overflow-y-auto">
        {[...history].reverse().map((h) => (
          <li key={h.requestId} data-testid="recent-label" className="flex items-center gap-3 px-3 py-1 odd:bg-slate-50">
            <bdi className="w-40 shrink-0 truncate font-mono text-xs text-slate-700">{showControls(h.item.id)}</bdi>
            <span dir="auto" className="min-w-0 flex-1 truncate text-slate-700">{h.item.text.slice(0, 200)}</span>
            <bdi data-testid="recent-value" className="shrink-0 font-medium">{h.value}</bdi>
            <span className={`w-20 shrink-0 text-xs ${h.status === "rejected" ? "text-red-800" : "text-slate-600"}`} title={h.error}>
              {STATUS[h.status]}
            </span>
            <ActionButton
              className="shrink-0 rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-800 hover:bg-slate-100 disabled:opacity-40"
              disabled={h.status !== "saved"}
              aria-label={`Undo ${h.value} for ${showControls(h.item.id)}`}
              onAction={() => onUndo(h.requestId)}
            >
              undo
            </ActionButton>
          </li>
        ))}
      </ol>
    </section>
  );
}
