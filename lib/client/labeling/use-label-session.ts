"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer, useState } from "react";
import type { LabelView, LeasedItem } from "@/lib/shared/types";
import { api, ApiError } from "../api";
import { statsKeys } from "../queries/stats";
import { initialSession, sessionReducer } from "./session-state";

/** How many snippets to hold ahead of the one on screen. */
const PREFETCH = 8;
const REFILL_BELOW = 5;

interface SubmitVars {
  requestId: string;
  itemId: number;
  value: string;
}

const retryable = (failureCount: number, e: Error) => e instanceof ApiError && e.transient && failureCount < 6;
const retryDelay = (attempt: number) => Math.min(500 * 2 ** attempt, 8_000);

/**
 * The labeling loop in the browser: a prefetched queue of leased snippets, optimistic submissions retried on
 * network errors (idempotent through their request id), an undo stack, and every failure kept visible.
 */
export function useLabelSession(projectId: string) {
  const qc = useQueryClient();
  const [state, dispatch] = useReducer(sessionReducer, initialSession);
  const [undoing, setUndoing] = useState(false);

  const lease = useMutation({
    mutationFn: (count: number) =>
      api<{ items: LeasedItem[] }>(`/api/v1/projects/${projectId}/next`, { method: "POST", json: { count } }),
    retry: retryable,
    retryDelay,
    onSuccess: ({ items }, count) => dispatch({ type: "leased", items, asked: count }),
    onError: (e) => dispatch({ type: "error", message: e.message }),
  });

  const submit = useMutation({
    mutationFn: (v: SubmitVars) =>
      api<LabelView>(`/api/v1/projects/${projectId}/labels`, {
        method: "POST",
        json: { itemId: v.itemId, value: v.value, requestId: v.requestId },
      }),
    retry: retryable,
    retryDelay,
    onSuccess: (label, v) => dispatch({ type: "saved", requestId: v.requestId, labelId: label.labelId }),
    onError: (e, v) => dispatch({ type: "failed", requestId: v.requestId, error: e.message }),
  });

  const { mutate: leaseMore, isPending: leasing } = lease;
  const { queue, history, exhausted, loadError } = state;
  useEffect(() => {
    if (!leasing && !exhausted && queue.length < REFILL_BELOW && !loadError) leaseMore(PREFETCH);
  }, [queue.length, leasing, exhausted, leaseMore, loadError]);

  // Leaving the page gives the held snippets back at once instead of when their leases expire.
  useEffect(() => {
    const release = () => {
      void fetch(`/api/v1/projects/${projectId}/leases`, {
        method: "DELETE",
        keepalive: true,
        headers: { "content-type": "application/json" },
        body: "{}",
      }).catch(() => undefined);
    };
    window.addEventListener("pagehide", release);
    return () => window.removeEventListener("pagehide", release);
  }, [projectId]);

  const current = queue[0] ?? null;
  const { mutate: send } = submit;
  const label = useCallback(
    (value: string) => {
      if (!current) return;
      const requestId = crypto.randomUUID();
      dispatch({ type: "label", requestId, item: current, value });
      send({ requestId, itemId: current.itemId, value });
    },
    [current, send],
  );

  const retryFailed = useCallback(() => {
    for (const s of history.filter((x) => x.status === "failed")) {
      dispatch({ type: "retry", requestId: s.requestId });
      send({ requestId: s.requestId, itemId: s.item.itemId, value: s.value });
    }
  }, [history, send]);

  const last = history[history.length - 1];
  const undo = useCallback(async () => {
    // A label still being saved cannot be undone yet; the undo button says so by being disabled.
    if (!last || undoing || last.status === "pending") return;
    setUndoing(true);
    try {
      let item = last.item;
      if (last.status === "saved" && last.labelId) {
        const r = await api<{ item: LeasedItem }>(`/api/v1/projects/${projectId}/labels/${last.labelId}`, { method: "DELETE" });
        item = r.item;
      }
      dispatch({ type: "undone", requestId: last.requestId, item });
      void qc.invalidateQueries({ queryKey: statsKeys.one(projectId) });
    } catch (e) {
      dispatch({ type: "error", message: `Undo failed: ${(e as Error).message}` });
    } finally {
      setUndoing(false);
    }
  }, [last, projectId, qc, undoing]);

  return {
    current,
    history,
    failed: history.filter((s) => s.status === "failed"),
    pending: history.filter((s) => s.status === "pending").length,
    canUndo: !!last && last.status !== "pending" && !undoing,
    exhausted: exhausted && queue.length === 0,
    loadError,
    sessionCount: state.sessionCount,
    label,
    undo,
    retryFailed,
    retryLoad: () => dispatch({ type: "clearError" }),
  };
}
