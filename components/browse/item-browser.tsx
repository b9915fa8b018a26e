"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { itemsInfiniteQuery, type BrowseParams } from "@/lib/client/queries/items";
import { projectQuery } from "@/lib/client/queries/projects";
import { BrowseFilters, FILTER_KEYS } from "./browse-filters";

/** Keys typed into a field, or Enter on a link or button, belong to that element, not to the list. */
function ownsKey(t: EventTarget | null, key: string): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName)) return true;
  return key === "Enter" && ["A", "BUTTON"].includes(t.tagName);
}

const fmt = (v: number | null) => (v === null ? "–" : v.toFixed(3));

/**
 * The researcher's item browser: search and filters (kept in the URL, so Back and shared links restore them),
 * a list loaded page by page, and the keyboard: `/` search, `j`/`k` move, Enter opens the selected item.
 */
export function ItemBrowser({ projectId }: { projectId: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const params = useMemo(() => {
    const p: BrowseParams = {};
    for (const k of FILTER_KEYS) {
      const v = search.get(k);
      if (v) p[k] = v;
    }
    return p;
  }, [search]);
  const project = useQuery(projectQuery(projectId));
  const list = useInfiniteQuery(itemsInfiniteQuery(projectId, params));
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [selected, setSelected] = useState(0);
  const searchRef = useRef<HTMLInputElement>(null);
  const rowRefs = useRef<(HTMLAnchorElement | null)[]>([]);

  const apply = useCallback(
    (p: BrowseParams) => {
      const sp = new URLSearchParams();
      for (const k of FILTER_KEYS) if (p[k]) sp.set(k, p[k]!);
      setSelected(0);
      router.replace(`${pathname}${sp.size ? `?${sp}` : ""}`);
    },
    [pathname, router],
  );

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (ownsKey(e.target, e.key)) {
        if (e.key === "Escape") (e.target as HTMLElement).blur();
        return;
      }
      if (e.key === "/") {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        setSelected((s) => {
          const next = Math.max(0, Math.min(items.length - 1, s + (e.key === "j" ? 1 : -1)));
          // Reaching the last row loads the next page, so j walks the whole result.
          if (next >= items.length - 1 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
          return next;
        });
      } else if (e.key === "Enter" && items[selected]) {
        e.preventDefault();
        router.push(`/projects/${projectId}/items/${items[selected]!.id}`);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, selected, hasNextPage, isFetchingNextPage, fetchNextPage, router, projectId]);

  useEffect(() => {
    rowRefs.current[selected]?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  const p = project.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Items{p ? ` · ${p.name}` : ""}</h1>
        <p className="text-xs text-slate-500">
          <kbd>/</kbd> search · <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open
        </p>
      </div>
      <BrowseFilters
        key={search.toString()}
        ref={searchRef}
        value={params}
        onApply={apply}
        positive={p?.positiveLabel ?? "positive"}
        negative={p?.negativeLabel ?? "negative"}
      />
      {list.error && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {list.error.message}
        </p>
      )}
      {list.isPending && !list.error && <p className="text-slate-500">Loading…</p>}
      {list.data && items.length === 0 && <p className="text-slate-600">No item matches.</p>}
      {items.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm" aria-label="Items">
          {items.map((it, i) => (
            <li key={it.id}>
              <Link
                ref={(el) => {
                  rowRefs.current[i] = el;
                }}
                href={`/projects/${projectId}/items/${it.id}`}
                aria-current={i === selected ? "true" : undefined}
                onMouseEnter={() => setSelected(i)}
                className={`block px-4 py-3 text-sm ${i === selected ? "bg-sky-50 ring-2 ring-inset ring-sky-400" : "hover:bg-slate-50"}`}
              >
                <div className="flex flex-wrap items-baseline gap-x-3 text-xs text-slate-500">
                  <span className="font-mono text-slate-700">{it.externalId}</span>
                  <span>q {fmt(it.q)}</span>
                  <span>score {fmt(it.score)}</span>
                  <span>decision {it.decision ?? "–"}</span>
                  <span>priority {fmt(it.priority)}</span>
                  <span>
                    {it.labelCount} label{it.labelCount === 1 ? "" : "s"}
                    {it.finalLabel ? ` → ${it.finalLabel}` : ""}
                  </span>
                  {it.disputed && <span className="rounded bg-amber-100 px-1 text-amber-800">disputed</span>}
                  {it.textChanged && <span className="rounded bg-rose-100 px-1 text-rose-800">text changed</span>}
                  {it.lastLabelAt && <span>last label {new Date(it.lastLabelAt).toLocaleString()}</span>}
                </div>
                <p dir="auto" className="mt-1 line-clamp-2 whitespace-pre-wrap break-words text-slate-900">
                  {it.text}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {hasNextPage && (
        <button className="btn" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
          {isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
