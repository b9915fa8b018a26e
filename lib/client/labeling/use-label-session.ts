"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from "react";
import type { LabelView, LeasedItem, ServedItem } from "@/lib/shared/types";
import { api, ApiError } from "../api";
import { statsKeys } from "../queries/stats";
import { initialSession, isUnsaved, sessionReducer, type Submission } from "./session-state";
import { readUnsaved, syncUnsaved } from "./unsaved-store";
import { useLeaseKeeper } from "./use-lease-keeper";

/** How many snippets to hold ahead of the one on screen. */
const PREFETCH = 8;
const REFILL_BELOW = 5;

/**
 * Worth sending again: the network failed, or the server was busy or broken (408, 429, 5xx). Any other 4xx is an
 * answer (a conflict, a validation error, no access) that a resend cannot change.
 */
export const retryable = (e: unknown): e is ApiError =>
  e instanceof ApiError && (e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500);

/** Delay before the n-th resend of waiting labels: 1 s, 2 s, 4 s … at most 15 s. */
const backoff = (n: number) => Math.min(1_000 * 2 ** n, 15_000);

/**
 * The labeling loop in the browser: a prefetched queue of snippets leased to this tab's session (two tabs get
 * distinct snippets), labels sent at once and resent until stored (idempotent through their request id) — kept in
 * local storage so a reload or a closed tab loses none —, refused labels reported and dropped, an undo list, and
 * the leases kept alive while the page is open (see useLeaseKeeper).
 */
export function useLabelSession(projectId: string, userId: string, leaseSeconds: number | undefined) {
  const qc = useQueryClient();
  const [state, dispatch] = useReducer(sessionReducer, initialSession);
  const [session] = useState(() => crypto.randomUUID());
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  });
  // Snippets labeled on this page: a second activation for the same snippet (double-click, a click racing a key)
  // is ignored, so one action gives one label.
  const submitted = useRef(new Set<number>());
  const undoing = useRef(false);
  const [loadTransient, setLoadTransient] = useState(false);
  const attempts = useRef(0);

  const send = useCallback(
    async (s: Pick<Submission, "requestId" | "value"> & { itemId: number }) => {
      try {
        const label = await api<LabelView>(`/api/v1/projects/${projectId}/labels`, {
          method: "POST",
          json: { itemId: s.itemId, value: s.value, requestId: s.requestId },
        });
        attempts.current = 0;
        dispatch({ type: "saved", requestId: s.requestId, labelId: label.labelId });
        void qc.invalidateQueries({ queryKey: statsKeys.one(projectId) });
      } catch (e) {
        if (retryable(e)) dispatch({ type: "waiting", requestId: s.requestId, error: e.message, offline: e.status === 0 || !navigator.onLine });
        else dispatch({ type: "rejected", requestId: s.requestId, error: (e as Error).message });
      }
    },
    [projectId, qc],
  );

  const resendWaiting = useCallback(() => {
    for (const h of stateRef.current.history.filter((x) => x.status === "waiting")) {
      dispatch({ type: "sending", requestId: h.requestId });
      void send({ requestId: h.requestId, itemId: h.item.itemId, value: h.value });
    }
  }, [send]);

  // Waiting labels are resent with a growing delay until the server has them.
  const waiting = state.history.filter((h) => h.status === "waiting").length;
  useEffect(() => {
    if (!waiting) return;
    const t = window.setTimeout(() => {
      attempts.current++;
      resendWaiting();
    }, backoff(attempts.current));
    return () => window.clearTimeout(t);
  }, [waiting, resendWaiting]);

  // Labels a closed or reloaded page could not store are sent again.
  useEffect(() => {
    const stored = readUnsaved(projectId, userId);
    if (!stored.length) return;
    dispatch({ type: "restored", labels: stored });
    for (const l of stored) {
      submitted.current.add(l.item.itemId);
      void send({ requestId: l.requestId, itemId: l.item.itemId, value: l.value });
    }
  }, [projectId, userId, send]);

  const { history } = state;
  useEffect(() => {
    syncUnsaved(
      projectId,
      userId,
      history.filter(isUnsaved).map((h) => ({ requestId: h.requestId, value: h.value, item: h.item })),
      history.filter((h) => !isUnsaved(h)).map((h) => h.requestId),
    );
  }, [history, projectId, userId]);

  const lease = useMutation({
    mutationFn: (count: number) =>
      api<{ items: ServedItem[] }>(`/api/v1/projects/${projectId}/next`, { method: "POST", json: { count, session } }),
    onSuccess: ({ items }, count) => dispatch({ type: "leased", items, asked: count }),
    onError: (e) => {
      setLoadTransient(retryable(e));
      if (e instanceof ApiError && e.status === 0) dispatch({ type: "connectivity", offline: true });
      dispatch({ type: "error", message: `Could not load snippets: ${e.message}` });
    },
  });

  const { mutate: leaseMore, isPending: leasing } = lease;
  const { queue, exhausted, loadError } = state;
  useEffect(() => {
    if (!leasing && !exhausted && queue.length < REFILL_BELOW && !loadError) leaseMore(PREFETCH);
  }, [queue.length, leasing, exhausted, leaseMore, loadError]);
  // A load that failed transiently is tried again by itself.
  useEffect(() => {
    if (!loadError || !loadTransient) return;
    const t = window.setTimeout(() => dispatch({ type: "clearError" }), 2_000);
    return () => window.clearTimeout(t);
  }, [loadError, loadTransient]);

  useLeaseKeeper({ projectId, session, leaseSeconds, stateRef, dispatch, onOnline: resendWaiting });

  /** Labels the snippet on screen; `itemId` (from a button) must still be the one shown, else nothing happens. */
  const label = useCallback(
    (value: string, itemId?: number) => {
      const current = stateRef.current.queue[0];
      if (!current || (itemId !== undefined && itemId !== current.itemId) || submitted.current.has(current.itemId)) return;
      submitted.current.add(current.itemId);
      const requestId = crypto.randomUUID();
      dispatch({ type: "label", requestId, item: current, value });
      void send({ requestId, itemId: current.itemId, value });
    },
    [send],
  );

  /** Undoes a stored label of the undo list (the most recent one without `requestId`); it comes back in front. */
  const undo = useCallback(
    async (requestId?: string) => {
      const h = stateRef.current.history;
      const target = requestId ? h.find((x) => x.requestId === requestId) : h[h.length - 1];
      if (!target || target.status !== "saved" || !target.labelId || undoing.current) return;
      undoing.current = true;
      try {
        const r = await api<{ item: LeasedItem }>(`/api/v1/projects/${projectId}/labels/${target.labelId}`, { method: "DELETE" });
        const { stream: _stream, ...item } = r.item;
        submitted.current.delete(target.item.itemId);
        dispatch({ type: "undone", requestId: target.requestId, item: { ...item, meta: target.item.meta } });
        void qc.invalidateQueries({ queryKey: statsKeys.one(projectId) });
      } catch (e) {
        dispatch({ type: "notice", message: `Undo failed: ${(e as Error).message}` });
      } finally {
        undoing.current = false;
      }
    },
    [projectId, qc],
  );

  const last = history[history.length - 1];
  return {
    current: queue[0] ?? null,
    history,
    unsaved: history.filter(isUnsaved).length,
    waiting: history.filter((h) => h.status === "waiting"),
    offline: state.offline,
    notices: state.notices,
    canUndo: last?.status === "saved",
    exhausted: exhausted && queue.length === 0,
    loadError,
    loadTransient,
    sessionCount: state.sessionCount,
    label,
    undo,
    retryWaiting: resendWaiting,
    retryLoad: () => dispatch({ type: "clearError" }),
    dismissNotices: () => dispatch({ type: "dismiss" }),
  };
}
