import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { BrowsePage, ItemDetail } from "@/lib/shared/browse";
import { api } from "../api";

/** Browser filters as query-string values (empty strings are "not set"; the API ignores them). */
export type BrowseParams = Record<string, string>;

export const itemKeys = {
  list: (projectId: string, params: BrowseParams) => ["projects", projectId, "items", params] as const,
  one: (projectId: string, itemId: number) => ["projects", projectId, "item", itemId] as const,
};

function queryString(params: BrowseParams, cursor: string | null): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "") sp.set(k, v);
  if (cursor) sp.set("cursor", cursor);
  const s = sp.toString();
  return s ? `?${s}` : "";
}

/** Pages of the item browser, each fetched with the previous page's `nextCursor`. */
export const itemsInfiniteQuery = (projectId: string, params: BrowseParams) =>
  infiniteQueryOptions({
    queryKey: itemKeys.list(projectId, params),
    queryFn: ({ pageParam }) => api<BrowsePage>(`/api/v1/projects/${projectId}/items${queryString(params, pageParam)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    retry: (n, e) => n < 2 && (e as { transient?: boolean }).transient === true,
  });

export const itemQuery = (projectId: string, itemId: number) =>
  queryOptions({ queryKey: itemKeys.one(projectId, itemId), queryFn: () => api<ItemDetail>(`/api/v1/projects/${projectId}/items/${itemId}`) });
