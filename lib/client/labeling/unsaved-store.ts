import type { ServedItem } from "@/lib/shared/types";

/** A label the server has not confirmed yet, as kept in the browser so a reload or a closed tab loses nothing. */
export interface StoredLabel {
  requestId: string;
  value: string;
  item: ServedItem;
}

type Entries = Record<string, StoredLabel>;

/** One key per project and user: another person signing in on this browser never resends someone else's labels. */
export const unsavedKey = (projectId: string, userId: string) => `verge:unsaved:${projectId}:${userId}`;

function read(key: string): Entries {
  try {
    const raw = window.localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Entries) : {};
  } catch {
    return {}; // unreadable or blocked storage: nothing to restore
  }
}

/** The unsaved labels stored for this project and user (by any tab), oldest first as they were added. */
export function readUnsaved(projectId: string, userId: string): StoredLabel[] {
  return Object.values(read(unsavedKey(projectId, userId))).filter(
    (e) => e && typeof e.requestId === "string" && typeof e.value === "string" && typeof e.item?.itemId === "number",
  );
}

/**
 * Records this tab's unsaved labels and forgets the settled ones (stored or refused). Entries of other tabs are left
 * alone, so two tabs of one labeler never overwrite each other's. Storage errors (quota, private mode) are ignored:
 * the page still warns before it is closed with unsaved labels.
 */
export function syncUnsaved(projectId: string, userId: string, unsaved: StoredLabel[], settled: string[]): void {
  const key = unsavedKey(projectId, userId);
  const entries = read(key);
  let changed = false;
  for (const id of settled)
    if (entries[id]) {
      delete entries[id];
      changed = true;
    }
  for (const e of unsaved)
    if (!entries[e.requestId]) {
      entries[e.requestId] = { requestId: e.requestId, value: e.value, item: e.item };
      changed = true;
    }
  if (!changed) return;
  try {
    if (Object.keys(entries).length) window.localStorage.setItem(key, JSON.stringify(entries));
    else window.localStorage.removeItem(key);
  } catch {
    // see above
  }
}
