"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { hotkeyAction } from "@/lib/client/labeling/hotkeys";
import { useLabelSession } from "@/lib/client/labeling/use-label-session";
import { projectQuery } from "@/lib/client/queries/projects";
import { statsQuery } from "@/lib/client/queries/stats";
import { ActionButton } from "./labeling/action-button";
import { HelpDialog } from "./labeling/help-dialog";
import { RecentLabels } from "./labeling/recent-labels";
import { SnippetCard } from "./labeling/snippet-card";
import { SaveStatus } from "./labeling/save-status";
import { GuidelinesPanel, useGuidelinesPanel } from "./labeling/guidelines-panel";

/** The labeling page: one snippet at a time, labeled by keyboard or buttons; `userId` keys unsaved labels kept locally. */
export function Labeler({ projectId, userId }: { projectId: string; userId: string }) {
  const project = useQuery(projectQuery(projectId));
  const stats = useQuery(statsQuery(projectId, 30_000));
  const s = useLabelSession(projectId, userId, project.data?.leaseSeconds);
  const [help, setHelp] = useState(false);
  const guide = useGuidelinesPanel(projectId, userId);
  const toggleGuide = guide.toggle;

  const pos = project.data?.positiveLabel;
  const neg = project.data?.negativeLabel;
  const { label, undo, current } = s;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      // A focused button handles its own Enter and Space (keyboard users reach the buttons with Tab).
      if (target?.tagName === "BUTTON" && (e.key === "Enter" || e.key === " ")) return;
      const action = hotkeyAction(e);
      if (!action) return;
      if (action === "help") {
        setHelp((h) => !h);
        e.preventDefault();
        return;
      }
      if (action === "close") return setHelp(false);
      if (action === "guidelines") {
        if (!help) toggleGuide();
        e.preventDefault();
        return;
      }
      if (help) return; // the dialog is open: keys do nothing behind it
      e.preventDefault();
      if (e.repeat) return; // holding a key never labels twice
      if (action === "undo") void undo();
      else if (action === "skip") label("skip");
      else if (action === "positive" && pos) label(pos);
      else if (action === "negative" && neg) label(neg);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [pos, neg, label, undo, help, toggleGuide]);

  const st = stats.data;
  const id = current?.itemId;
  return (
    <div className="mx-auto flex h-dvh max-w-4xl flex-col px-4 py-3">
      <header className="flex shrink-0 items-center justify-between gap-4 text-sm text-slate-700">
        <div className="flex items-center gap-3">
          <Link href="/" className="font-semibold text-slate-900">
            Verge
          </Link>
          <bdi aria-label="project">{project.data?.name ?? "…"}</bdi>
        </div>
        <div className="flex items-center gap-4" data-testid="progress">
          <span title="items with final labels / items in the pool">
            {st ? `${st.labeled.toLocaleString()} / ${st.items.toLocaleString()} done` : "…"}
          </span>
          <span data-testid="my-count" title="your labels this session">
            you: {s.sessionCount}
            {st?.me.perHour ? ` · ${st.me.perHour}/h` : ""}
          </span>
          {guide.version > 0 && (
            <ActionButton className="rounded px-2 py-1 hover:bg-slate-200" onAction={toggleGuide} aria-label="Guidelines">
              <kbd>G</kbd> guidelines
            </ActionButton>
          )}
          <ActionButton className="rounded px-2 py-1 hover:bg-slate-200" onAction={() => setHelp(true)} aria-label="Keyboard help">
            <kbd>?</kbd>
          </ActionButton>
        </div>
      </header>

      <SaveStatus session={s} />
      <GuidelinesPanel state={guide} />

      <main className="flex min-h-0 flex-1 flex-col justify-center py-4">
        {current ? (
          <SnippetCard item={current} showMeta={!!project.data?.showMeta} />
        ) : s.exhausted ? (
          <div className="text-center text-slate-700" data-testid="empty">
            <p className="text-xl">Nothing left to label here.</p>
            <p className="mt-2 text-sm">Everything is labeled or held by other labelers; check back later.</p>
          </div>
        ) : (
          <p className="text-center text-slate-600">Loading…</p>
        )}
      </main>

      <footer className="grid shrink-0 grid-cols-4 gap-3 pb-1">
        <LabelButton keyName="1" label={pos ?? "…"} tone="rose" disabled={!current || !pos} onAction={() => pos && label(pos, id)} />
        <LabelButton keyName="2" label={neg ?? "…"} tone="emerald" disabled={!current || !neg} onAction={() => neg && label(neg, id)} />
        <LabelButton keyName="S" label="skip" tone="slate" disabled={!current} onAction={() => label("skip", id)} />
        <LabelButton keyName="U" label="undo" tone="slate" disabled={!s.canUndo} onAction={() => void undo()} />
      </footer>
      <div className="shrink-0 pb-2">
        <RecentLabels history={s.history} onUndo={(r) => void undo(r)} />
      </div>

      <HelpDialog open={help} onClose={() => setHelp(false)} positive={pos} negative={neg} />
    </div>
  );
}

/** Button colors: white text on -700 shades meets WCAG AA (≥ 4.5:1); see components/labeling/contrast.test.ts. */
export const TONES = {
  rose: "bg-rose-700 hover:bg-rose-800 text-white",
  emerald: "bg-emerald-700 hover:bg-emerald-800 text-white",
  slate: "bg-white hover:bg-slate-100 text-slate-800 border border-slate-300",
} as const;

function LabelButton(props: { keyName: string; label: string; tone: keyof typeof TONES; disabled: boolean; onAction: () => void }) {
  return (
    <ActionButton
      disabled={props.disabled}
      onAction={props.onAction}
      className={`flex items-center justify-center gap-2 rounded-lg px-4 py-3 text-lg font-medium shadow-sm transition disabled:opacity-40 ${TONES[props.tone]}`}
    >
      <kbd>{props.keyName}</kbd>
      <bdi>{props.label}</bdi>
    </ActionButton>
  );
}
