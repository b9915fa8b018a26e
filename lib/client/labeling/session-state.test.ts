import { describe, expect, it } from "vitest";
import type { ServedItem } from "@/lib/shared/types";
import { initialSession, sessionReducer, UNDO_DEPTH, type SessionState } from "./session-state";

const item = (n: number): ServedItem => ({ itemId: n, id: `x${n}`, text: `t${n}`, meta: null, stream: "active", leaseExpiresAt: "" });

describe("sessionReducer", () => {
  it("queues leased items once, even when the server repeats held leases", () => {
    let s = sessionReducer(initialSession, { type: "leased", items: [item(1), item(2)], asked: 5 });
    s = sessionReducer(s, { type: "label", requestId: "r1", item: item(1), value: "a" });
    s = sessionReducer(s, { type: "leased", items: [item(1), item(2), item(3)], asked: 5 });
    expect(s.queue.map((i) => i.itemId)).toEqual([2, 3]);
    expect(s.exhausted).toBe(false);
    s = sessionReducer(s, { type: "leased", items: [item(2), item(3)], asked: 5 });
    expect(s.exhausted).toBe(true);
  });

  it("never re-queues a labeled item that a lease answer sent before its label was stored", () => {
    let s = sessionReducer(initialSession, { type: "leased", items: [item(1), item(2)], asked: 5 });
    s = sessionReducer(s, { type: "label", requestId: "r1", item: item(1), value: "a" });
    s = sessionReducer(s, { type: "saved", requestId: "r1", labelId: "l1" });
    s = sessionReducer(s, { type: "leased", items: [item(1), item(3)], asked: 5 });
    expect(s.queue.map((i) => i.itemId)).toEqual([2, 3]);
  });

  it(`keeps the last ${UNDO_DEPTH} submissions plus every unsaved one`, () => {
    let s: SessionState = { ...initialSession, queue: Array.from({ length: 15 }, (_, i) => item(i)) };
    for (let i = 0; i < 15; i++) {
      s = sessionReducer(s, { type: "label", requestId: `r${i}`, item: item(i), value: "a" });
      if (i === 1) s = sessionReducer(s, { type: "waiting", requestId: "r1", error: "offline", offline: true });
      else s = sessionReducer(s, { type: "saved", requestId: `r${i}`, labelId: `l${i}` });
    }
    expect(s.history.map((h) => h.requestId)).toEqual(["r1", ...Array.from({ length: UNDO_DEPTH }, (_, k) => `r${k + 5}`)]);
    expect(s.sessionCount).toBe(15);
    expect(s.offline).toBe(false); // a later save proved the network back
  });

  it("reports a refused label once and never offers it again; drops lost holds from the queue with a notice", () => {
    let s: SessionState = { ...initialSession, queue: [item(1), item(2), item(3)] };
    s = sessionReducer(s, { type: "label", requestId: "r1", item: item(1), value: "a" });
    s = sessionReducer(s, { type: "rejected", requestId: "r1", error: "You already labeled item x1" });
    expect(s.history[0]).toMatchObject({ status: "rejected", error: "You already labeled item x1" });
    expect(s.sessionCount).toBe(0);
    expect(s.notices).toEqual(['Your label for "x1" was not stored: You already labeled item x1']);
    s = sessionReducer(s, { type: "lost", itemIds: [3, 99] });
    expect(s.queue.map((i) => i.itemId)).toEqual([2]);
    expect(s.notices[1]).toMatch(/^Your hold on "x3" lapsed/);
    s = sessionReducer({ ...s, queue: [{ ...item(4), id: "a\u202Eb" }] }, { type: "lost", itemIds: [4] });
    expect(s.notices[2]).toMatch(/^Your hold on "a⟨U\+202E⟩b" lapsed/);
  });

  it("restores unsaved labels from storage once, taking their items out of the queue", () => {
    let s: SessionState = { ...initialSession, queue: [item(1), item(2)] };
    const labels = [{ requestId: "r1", item: item(1), value: "a" }];
    s = sessionReducer(s, { type: "restored", labels });
    s = sessionReducer(s, { type: "restored", labels });
    expect(s.history.map((h) => [h.requestId, h.status])).toEqual([["r1", "pending"]]);
    expect(s.queue.map((i) => i.itemId)).toEqual([2]);
  });

  it("puts an undone item back in front", () => {
    let s: SessionState = { ...initialSession, queue: [item(1), item(2)] };
    s = sessionReducer(s, { type: "label", requestId: "r1", item: item(1), value: "a" });
    s = sessionReducer(s, { type: "saved", requestId: "r1", labelId: "l1" });
    s = sessionReducer(s, { type: "undone", requestId: "r1", item: item(1) });
    expect(s.queue.map((i) => i.itemId)).toEqual([1, 2]);
    expect(s.history).toEqual([]);
    expect(s.sessionCount).toBe(0);
  });
});
