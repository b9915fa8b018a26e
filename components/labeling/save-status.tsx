"use client";

import type { useLabelSession } from "@/lib/client/labeling/use-label-session";
import { ActionButton } from "./action-button";

type Session = ReturnType<typeof useLabelSession>;

/**
 * What happens to the labeler's work, announced to screen readers: saving, offline with labels waiting, labels
 * waiting on a failing server (resent by themselves; Retry resends now), notices that need reading (refused labels,
 * lost holds), and snippets that could not be loaded.
 */
export function SaveStatus({ session: s }: { session: Session }) {
  const n = s.unsaved;
  const labels = `${n} label${n === 1 ? "" : "s"}`;
  return (
    <div className="shrink-0">
      <div role="status" aria-live="polite" className="mt-1 flex min-h-6 items-center justify-end gap-3 text-sm">
        {s.offline ? (
          <span data-testid="offline" className="rounded bg-amber-100 px-2 py-0.5 font-medium text-amber-900">
            offline — {labels} waiting
          </span>
        ) : n > 0 ? (
          <span className="text-amber-800">saving {n}…</span>
        ) : null}
      </div>
      {!s.offline && s.waiting.length > 0 && (
        <div role="alert" className="mt-2 flex items-center justify-between rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          <span>
            {labels} waiting to be saved ({s.waiting[0]?.error}); they are resent automatically and kept in this browser.
          </span>
          <ActionButton className="rounded bg-amber-800 px-3 py-1 font-medium text-white" onAction={s.retryWaiting}>
            Retry
          </ActionButton>
        </div>
      )}
      {s.notices.length > 0 && (
        <div role="alert" data-testid="notices" className="mt-2 flex items-start justify-between gap-3 rounded-md border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-800">
          <ul className="min-w-0">
            {s.notices.slice(-3).map((m, i) => (
              <li key={i} dir="auto">{m}</li>
            ))}
          </ul>
          <ActionButton className="shrink-0 rounded border border-red-300 bg-white px-3 py-1 font-medium text-red-800" onAction={s.dismissNotices}>
            Dismiss
          </ActionButton>
        </div>
      )}
      {s.loadError && (
        <div role="alert" className="mt-2 flex items-center justify-between rounded-md border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-800">
          <span>{s.loadError}{s.loadTransient ? " Trying again…" : ""}</span>
          {s.loadTransient && (
            <ActionButton className="rounded bg-red-700 px-3 py-1 font-medium text-white" onAction={s.retryLoad}>
              Try again
            </ActionButton>
          )}
        </div>
      )}
    </div>
  );
}
