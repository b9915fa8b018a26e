import type { ServedItem } from "@/lib/shared/types";
import { showControls } from "@/lib/client/labeling/bidi";

/**
 * The snippet on screen. Text of any script reads in its own direction (`dir="auto"`), ids and metadata are
 * bidi-isolated with invisible control characters written out, and a long text scrolls inside the card so the
 * label buttons stay on screen. Screen readers hear each new snippet (aria-live).
 */
export function SnippetCard({ item, showMeta }: { item: ServedItem; showMeta: boolean }) {
  const meta = showMeta && item.meta ? Object.entries(item.meta) : [];
  return (
    <article className="flex max-h-full min-h-0 flex-col rounded-xl border border-slate-200 bg-white p-8 shadow-sm" aria-label="Snippet">
      <div className="min-h-0 overflow-y-auto" tabIndex={0} aria-label="Snippet text">
        <p
          data-testid="snippet"
          data-item-id={item.itemId}
          dir="auto"
          aria-live="polite"
          className="text-2xl leading-relaxed whitespace-pre-wrap break-words [unicode-bidi:isolate]"
        >
          {item.text}
        </p>
      </div>
      {meta.length > 0 && (
        <dl data-testid="meta" className="mt-4 grid shrink-0 grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm text-slate-700">
          {meta.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-medium"><bdi>{showControls(k)}</bdi></dt>
              <dd dir="auto"><bdi>{showControls(typeof v === "string" ? v : JSON.stringify(v))}</bdi></dd>
            </div>
          ))}
        </dl>
      )}
      <p className="mt-4 shrink-0 text-xs text-slate-600">
        <bdi data-testid="snippet-id">{showControls(item.id)}</bdi>
      </p>
    </article>
  );
}
