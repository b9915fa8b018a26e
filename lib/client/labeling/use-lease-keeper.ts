"use client";

import { useEffect, type Dispatch, type RefObject } from "react";
import type { RenewView } from "@/lib/shared/types";
import { api, ApiError } from "../api";
import { isUnsaved, type SessionAction, type SessionState } from "./session-state";

/** How often the page renews its leases: well inside the lease (a third of it), between 2 s and a minute. */
export const heartbeatMs = (leaseSeconds: number) => Math.min(Math.max((leaseSeconds * 1000) / 3, 2_000), 60_000);

/**
 * Keeps an open labeling page's leases alive and hands them back when it closes:
 * - a heartbeat (`POST /leases`) renews the queued snippets and those whose labels are still unsaved, and drops
 *   from the queue any the server reports lost (the page says so);
 * - on `pagehide` the queued snippets are released (unsaved labels keep theirs until they are stored);
 * - `beforeunload` warns while labels are unsaved;
 * - the browser's online/offline events update the offline state at once.
 */
export function useLeaseKeeper(opts: {
  projectId: string;
  session: string;
  leaseSeconds: number | undefined;
  stateRef: RefObject<SessionState>;
  dispatch: Dispatch<SessionAction>;
  onOnline: () => void;
}) {
  const { projectId, session, leaseSeconds, stateRef, dispatch, onOnline } = opts;

  useEffect(() => {
    let stopped = false;
    const beat = async () => {
      const s = stateRef.current;
      const ids = [...s.queue.map((i) => i.itemId), ...s.history.filter(isUnsaved).map((h) => h.item.itemId)].slice(0, 100);
      if (!ids.length) return;
      try {
        const r = await api<RenewView>(`/api/v1/projects/${projectId}/leases`, { method: "POST", json: { itemIds: ids, session } });
        if (stopped) return;
        dispatch({ type: "connectivity", offline: false });
        if (r.lost.length) dispatch({ type: "lost", itemIds: r.lost });
      } catch (e) {
        if (!stopped && e instanceof ApiError && e.status === 0) dispatch({ type: "connectivity", offline: true });
      }
    };
    const timer = window.setInterval(() => void beat(), heartbeatMs(leaseSeconds ?? 600));
    // Background tabs run timers rarely: renew (or learn what was lost) as soon as the tab is shown again.
    const onVisible = () => {
      if (document.visibilityState === "visible") void beat();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [projectId, session, leaseSeconds, stateRef, dispatch]);

  useEffect(() => {
    const release = () => {
      const ids = stateRef.current.queue.map((i) => i.itemId).slice(0, 100);
      if (!ids.length) return;
      void fetch(`/api/v1/projects/${projectId}/leases`, {
        method: "DELETE",
        keepalive: true,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ itemIds: ids, session }),
      }).catch(() => undefined);
    };
    const warn = (e: BeforeUnloadEvent) => {
      if (!stateRef.current.history.some(isUnsaved)) return;
      e.preventDefault();
      e.returnValue = ""; // older browsers show the prompt only when this is set
    };
    const offline = () => dispatch({ type: "connectivity", offline: true });
    const online = () => {
      dispatch({ type: "connectivity", offline: false });
      onOnline();
    };
    window.addEventListener("pagehide", release);
    window.addEventListener("beforeunload", warn);
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    if (!navigator.onLine) offline();
    return () => {
      window.removeEventListener("pagehide", release);
      window.removeEventListener("beforeunload", warn);
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
    };
  }, [projectId, session, stateRef, dispatch, onOnline]);
}
