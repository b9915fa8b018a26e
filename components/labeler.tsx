"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useLabelSession } from "@/lib/client/labeling/use-label-session";
import { projectQuery } from "@/lib/client/queries/projects";
import { statsQuery } from "@/lib/client/queries/stats";

const KEYS = { positive: "1", negative: "2", skip: "s" } as const;

export function Labeler({ projectId }: { projectId: string }) {
  const project = useQuery(projectQuery(projectId));
  const stats = useQuery(statsQuery(projectId, 30_000));
  const s = useLabelSession(projectId);
  const [help, setHelp] = useState(false);

  const pos = project.data?.positiveLabel;
  const neg = project.data?.negativeLabel;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      if (e.metaKey || e.altKey || (e.ctrlKey && e.key.toLowerCase() !== "z")) return;
      const k = e.key.toLowerCase();
      if (k === "?" || (k === "/" && e.shiftKey)) {
        setHelp((h) => !h);
        e.preventDefault();
        return;
      }
      if (k === "escape") return setHelp(false);
      if (help) return; // the overlay is open: keys do nothing behind it
      if (e.repeat) return; // holding a key never labels twice
      if (k === "u" || k === "backspace" || (e.ctrlKey && k === "z")) {
        e.preventDefault();
        void s.undo();
        return;
      }
      if (!pos || !neg || !s.current) return;
      if (k === KEYS.positive) s.label(pos);
      else if (k === KEYS.negative) s.label(neg);
      else if (k === KEYS.skip || k === " ") {
        e.preventDefault();
        s.label("skip");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [pos, neg, s, help]);

  const st = stats.data;
  const done = st ? st.labeled : null;
  return (
    <div className="mx-auto flex min-h-screen max-w-4xl flex-col px-4 py-4">
      <header className="flex items-center justify-between gap-4 text-sm text-slate-600">
        <div className="flex items-center gap-3">
          <Link href="/" className="font-semibold text-slate-900">
            Verge
          </Link>
          <span aria-label="project">{project.data?.name ?? "…"}</span>
        </div>
        <div className="flex items-center gap-4" data-testid="progress">
          <span title="items with final labels / items in the pool">
            {done !== null && st ? `${done.toLocaleString()} / ${st.items.toLocaleString()} done` : "…"}
          </span>
          <span data-testid="my-count" title="your labels this session">
            you: {s.sessionCount}
            {st?.me.perHour ? ` · ${st.me.perHour}/h` : ""}
          </span>
          {s.pending > 0 && <span className="text-amber-600">saving {s.pending}…</span>}
          <button className="rounded px-2 py-1 hover:bg-slate-200" onClick={() => setHelp(true)} aria-label="Keyboard help">
            <kbd>?</kbd>
          </button>
        </div>
      </header>

      {s.failed.length > 0 && (
        <div role="alert" className="mt-3 flex items-center justify-between rounded-md border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-800">
          <span>
            {s.failed.length} label{s.failed.length > 1 ? "s" : ""} not saved: {s.failed[0]?.error}
          </span>
          <button className="rounded bg-red-600 px-3 py-1 font-medium text-white" onClick={s.retryFailed}>
            Retry
          </button>
        </div>
      )}
      {s.loadError && (
        <div role="alert" className="mt-3 flex items-center justify-between rounded-md border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-800">
          <span>{s.loadError}</span>
          <button className="rounded bg-red-600 px-3 py-1 font-medium text-white" onClick={s.retryLoad}>
            Try again
          </button>
        </div>
      )}

      <main className="flex flex-1 flex-col justify-center py-8">
        {s.current ? (
          <article className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
            <p data-testid="snippet" data-item-id={s.current.itemId} className="text-2xl leading-relaxed whitespace-pre-wrap break-words">
              {s.current.text}
            </p>
            <p className="mt-6 text-xs text-slate-400">
              {s.current.id}
              {s.current.stream !== "active" ? ` · ${s.current.stream}` : ""}
            </p>
          </article>
        ) : s.exhausted ? (
          <div className="text-center text-slate-600" data-testid="empty">
            <p className="text-xl">Nothing left to label here.</p>
            <p className="mt-2 text-sm">Everything is labeled or held by other labelers; check back later.</p>
          </div>
        ) : (
          <p className="text-center text-slate-400">Loading…</p>
        )}
      </main>

      <footer className="grid grid-cols-4 gap-3 pb-4">
        <LabelButton keyName="1" label={pos ?? "…"} tone="rose" disabled={!s.current || !pos} onClick={() => pos && s.label(pos)} />
        <LabelButton keyName="2" label={neg ?? "…"} tone="emerald" disabled={!s.current || !neg} onClick={() => neg && s.label(neg)} />
        <LabelButton keyName="S" label="skip" tone="slate" disabled={!s.current} onClick={() => s.label("skip")} />
        <LabelButton keyName="U" label="undo" tone="slate" disabled={!s.canUndo} onClick={() => void s.undo()} />
      </footer>

      {help && (
        <div className="fixed inset-0 z-10 flex items-center justify-center bg-slate-900/40" onClick={() => setHelp(false)} role="dialog" aria-label="Keyboard shortcuts">
          <div className="w-96 rounded-xl bg-white p-6 shadow-xl" onClick={(e) => e.stopPropagation()}>
            <h2 className="mb-4 text-lg font-semibold">Keyboard shortcuts</h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt><kbd>1</kbd></dt><dd>{pos}</dd>
              <dt><kbd>2</kbd></dt><dd>{neg}</dd>
              <dt><kbd>S</kbd> / <kbd>Space</kbd></dt><dd>skip (someone else will judge it)</dd>
              <dt><kbd>U</kbd> / <kbd>Backspace</kbd> / <kbd>Ctrl Z</kbd></dt><dd>undo (your last 10 labels)</dd>
              <dt><kbd>?</kbd></dt><dd>this help</dd>
              <dt><kbd>Esc</kbd></dt><dd>close</dd>
            </dl>
            <p className="mt-4 text-xs text-slate-500">Labels save in the background and retry on network errors; anything not saved is shown in red.</p>
          </div>
        </div>
      )}
    </div>
  );
}

const TONES = {
  rose: "bg-rose-600 hover:bg-rose-700 text-white",
  emerald: "bg-emerald-600 hover:bg-emerald-700 text-white",
  slate: "bg-white hover:bg-slate-100 text-slate-800 border border-slate-300",
} as const;

function LabelButton(props: { keyName: string; label: string; tone: keyof typeof TONES; disabled: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      disabled={props.disabled}
      onClick={props.onClick}
      className={`flex items-center justify-center gap-2 rounded-lg px-4 py-4 text-lg font-medium shadow-sm transition disabled:opacity-40 ${TONES[props.tone]}`}
    >
      <kbd>{props.keyName}</kbd>
      <span>{props.label}</span>
    </button>
  );
}
