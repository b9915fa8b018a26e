"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { guidelinesQuery } from "@/lib/client/queries/guidelines";
import { GuidelinesMarkdown } from "../guidelines-markdown";

/** Which guidelines version this user last saw for this project, remembered in the browser. */
const seenKey = (userId: string, projectId: string) => `verge:guidelines-seen:${userId}:${projectId}`;

export interface GuidelinesPanelState {
  open: boolean;
  version: number;
  markdown: string;
  toggle: () => void;
}

/**
 * The guidelines panel's state: opens by itself on the first visit after a new version (per user and project,
 * remembered in localStorage once closed); `toggle` is the G key.
 */
export function useGuidelinesPanel(projectId: string, userId: string): GuidelinesPanelState {
  // Read in the browser only (queries run there): the version this user last closed the panel on.
  const g = useQuery({
    ...guidelinesQuery(projectId),
    select: (d) => ({ ...d, seen: Number(window.localStorage.getItem(seenKey(userId, projectId)) ?? 0) }),
  });
  const [chosen, setChosen] = useState<boolean | null>(null);
  const version = g.data?.version ?? 0;
  // Until G is pressed, the panel is open exactly when there is a version this user has not closed yet.
  const open = version > 0 && (chosen ?? (g.data?.seen ?? 0) < version);
  const toggle = useCallback(() => {
    if (version <= 0) return;
    if (open) window.localStorage.setItem(seenKey(userId, projectId), String(version));
    setChosen(!open);
  }, [open, version, userId, projectId]);
  return { open, version, markdown: g.data?.markdown ?? "", toggle };
}

/** The project's guidelines beside the snippet (non-modal: labeling keys keep working while it is open). */
export function GuidelinesPanel({ state }: { state: GuidelinesPanelState }) {
  if (!state.open) return null;
  return (
    <aside aria-label="Guidelines" className="mt-2 max-h-[40vh] shrink-0 overflow-auto rounded-lg border border-sky-200 bg-sky-50 p-4">
      <div className="mb-2 flex items-center justify-between text-xs text-slate-600">
        <span>Guidelines · version {state.version}</span>
        <button className="rounded px-2 py-1 hover:bg-sky-100" onClick={state.toggle}>
          Close (<kbd>G</kbd>)
        </button>
      </div>
      <GuidelinesMarkdown markdown={state.markdown} />
    </aside>
  );
}
