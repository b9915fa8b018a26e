"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { adjudicateItem, fetchReview, undoAdjudicationOf } from "@/lib/client/queries/review";
import { projectQuery } from "@/lib/client/queries/projects";
import type { AdjudicationView, ReviewItem } from "@/lib/shared/types";

/**
 * The review queue: disputed items first (optionally labels contradicting a confident model). A researcher sets the
 * final label with 1 / 2, moves with n / p, and undoes their last adjudication with u.
 */
export function ReviewDesk({ projectId }: { projectId: string }) {
  const project = useQuery(projectQuery(projectId));
  const [contradictions, setContradictions] = useState(false);
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadedFor, setLoadedFor] = useState<boolean | null>(null);
  const loaded = loadedFor === contradictions;
  const [index, setIndex] = useState(0);
  const [decided, setDecided] = useState<Record<number, AdjudicationView>>({});
  const [done, setDone] = useState<{ itemId: number; adjudicationId: string; index: number }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    fetchReview(projectId, { contradictions })
      .then((p) => {
        if (!live) return;
        setItems(p.items);
        setCursor(p.nextCursor);
        setIndex(0);
        setLoadedFor(contradictions);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [projectId, contradictions]);

  const move = useCallback(
    async (step: 1 | -1) => {
      const to = index + step;
      if (to < 0) return;
      if (to >= items.length && cursor) {
        const p = await fetchReview(projectId, { contradictions, cursor });
        setItems((xs) => [...xs, ...p.items]);
        setCursor(p.nextCursor);
        if (p.items.length) setIndex(to);
        return;
      }
      if (to < items.length) setIndex(to);
    },
    [index, items.length, cursor, projectId, contradictions],
  );

  const current = items[index];
  const decide = useCallback(
    async (value: string) => {
      if (!current || busy) return;
      setBusy(true);
      setError(null);
      try {
        const { adjudication } = await adjudicateItem(projectId, current.itemId, value);
        setDecided((d) => ({ ...d, [current.itemId]: adjudication }));
        if (!adjudication.duplicate) setDone((h) => [...h, { itemId: current.itemId, adjudicationId: adjudication.adjudicationId, index }]);
        await move(1);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [current, busy, projectId, index, move],
  );

  const undo = useCallback(async () => {
    const last = done[done.length - 1];
    if (!last || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await undoAdjudicationOf(projectId, last.itemId, last.adjudicationId);
      setDecided((d) => {
        const next = { ...d };
        if (r.adjudication) next[last.itemId] = r.adjudication;
        else delete next[last.itemId];
        return next;
      });
      setDone((h) => h.slice(0, -1));
      setIndex(last.index);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, [done, busy, projectId]);

  const pos = project.data?.positiveLabel;
  const neg = project.data?.negativeLabel;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(t.tagName))) return;
      if (e.metaKey || e.ctrlKey || e.altKey || e.repeat) return;
      const k = e.key.toLowerCase();
      if ((k === "1" || e.code === "Digit1") && pos) void decide(pos);
      else if ((k === "2" || e.code === "Digit2") && neg) void decide(neg);
      else if (k === "n" || k === "arrowright") void move(1);
      else if (k === "p" || k === "arrowleft") void move(-1);
      else if (k === "u") void undo();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [pos, neg, decide, move, undo]);

  const adj = current ? decided[current.itemId] : undefined;
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-xl font-semibold">Review</h1>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={contradictions} onChange={(e) => setContradictions(e.target.checked)} />
          Also labels that contradict a confident model (|q − y| &gt; 0.9)
        </label>
      </div>
      <p className="mb-4 text-sm text-slate-600">
        <kbd>1</kbd> <bdi>{pos ?? "…"}</bdi> · <kbd>2</kbd> <bdi>{neg ?? "…"}</bdi> · <kbd>N</kbd> next · <kbd>P</kbd> previous · <kbd>U</kbd> undo your
        last adjudication. An adjudication is the item&apos;s final label: training and exports use it.
      </p>
      {error && <p role="alert" className="mb-3 rounded bg-rose-50 p-2 text-sm text-rose-800">{error}</p>}
      {!loaded ? (
        <p>Loading…</p>
      ) : !current ? (
        <p data-testid="review-empty">Nothing to review.</p>
      ) : (
        <article data-testid="review-item" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <div className="mb-2 flex justify-between text-xs text-slate-600">
            <span>
              {index + 1} of {items.length}
              {cursor ? "+" : ""} · <bdi data-testid="review-id">{current.id}</bdi> · {current.reason}
            </span>
            <span>
              q {current.q === null ? "–" : current.q.toFixed(3)} · model: <bdi>{current.decision ?? "–"}</bdi>
            </span>
          </div>
          <p dir="auto" className="mb-4 whitespace-pre-wrap text-lg">{current.text}</p>
          <div className="mb-3 overflow-x-auto">
          <table className="text-sm">
            <tbody>
              {current.labels.map((l) => (
                <tr key={l.labelId}>
                  <td className="pr-4">{l.labeler}</td>
                  <td className="pr-4"><bdi>{l.value}</bdi></td>
                  <td className="pr-4 text-slate-600">{l.stream}</td>
                  <td className="text-slate-600">{new Date(l.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          <p data-testid="review-final" className="text-sm">
            {adj ? (
              <>Adjudicated: <bdi>{adj.value}</bdi> by {adj.by}</>
            ) : (
              <>Not adjudicated{current.finalLabel ? <> (majority: <bdi>{current.finalLabel}</bdi>)</> : " (a tie)"}</>
            )}
          </p>
          <div className="mt-4 flex gap-3">
            <button className="btn" disabled={busy || !pos} onClick={() => pos && void decide(pos)}><kbd>1</kbd> <bdi>{pos}</bdi></button>
            <button className="btn" disabled={busy || !neg} onClick={() => neg && void decide(neg)}><kbd>2</kbd> <bdi>{neg}</bdi></button>
            <button className="btn" disabled={busy || !done.length} onClick={() => void undo()}><kbd>U</kbd> undo</button>
          </div>
        </article>
      )}
    </div>
  );
}
