"use client";

import { forwardRef, useState, type FormEvent, type ReactNode } from "react";
import { BROWSE_SORTS, LABEL_STATES, LABEL_STREAMS } from "@/lib/shared/browse";
import type { BrowseParams } from "@/lib/client/queries/items";

/** Every query parameter of the browser, in form order; the URL and the API share these names. */
export const FILTER_KEYS = [
  "search", "qMin", "qMax", "scoreMin", "scoreMax", "decision", "nearTau", "state", "stream", "labeler", "modelVersion", "sort", "order",
] as const;

const SORT_NAMES: Record<(typeof BROWSE_SORTS)[number], string> = {
  priority: "Priority",
  q: "q",
  distance: "|q − τ|",
  lastLabel: "Last label time",
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      {children}
    </label>
  );
}

/**
 * The browser's search box and filters. Text fields apply on Enter (form submit), menus at once. The search
 * input is forwarded so the page can focus it with `/`.
 */
export const BrowseFilters = forwardRef<HTMLInputElement, { value: BrowseParams; onApply: (p: BrowseParams) => void; positive: string; negative: string }>(
  function BrowseFilters({ value, onApply, positive, negative }, searchRef) {
    const [draft, setDraft] = useState<BrowseParams>(value);
    const text = (k: string, props: { placeholder?: string; inputMode?: "decimal" | "numeric"; className?: string } = {}) => (
      <input
        className={`input ${props.className ?? ""}`}
        name={k}
        value={draft[k] ?? ""}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
      />
    );
    const menu = (k: string, options: [string, string][]) => (
      <select
        className="input"
        name={k}
        value={draft[k] ?? ""}
        onChange={(e) => {
          const next = { ...draft, [k]: e.target.value };
          setDraft(next);
          onApply(next);
        }}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    );
    const submit = (e: FormEvent) => {
      e.preventDefault();
      onApply(draft);
    };
    return (
      <form onSubmit={submit} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-label="Search and filters">
        <div className="flex gap-2">
          <input
            ref={searchRef}
            className="input flex-1"
            type="search"
            name="search"
            aria-label="Search text"
            placeholder="Search text (3+ characters) — press / to focus"
            value={draft.search ?? ""}
            onChange={(e) => setDraft({ ...draft, search: e.target.value })}
          />
          <button className="btn-primary" type="submit">
            Search
          </button>
        </div>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
          <Field label="q from">{text("qMin", { placeholder: "0", inputMode: "decimal" })}</Field>
          <Field label="q to">{text("qMax", { placeholder: "1", inputMode: "decimal" })}</Field>
          <Field label="Score from">{text("scoreMin", { placeholder: "0", inputMode: "decimal" })}</Field>
          <Field label="Score to">{text("scoreMax", { placeholder: "1", inputMode: "decimal" })}</Field>
          <Field label="|q − τ| below">{text("nearTau", { placeholder: "e.g. 0.05", inputMode: "decimal" })}</Field>
          <Field label="Decision">{menu("decision", [["", "Any"], ["positive", positive], ["negative", negative]])}</Field>
          <Field label="Label state">{menu("state", [["", "Any"], ...LABEL_STATES.map((s): [string, string] => [s, s])])}</Field>
          <Field label="Stream">{menu("stream", [["", "Any"], ...LABEL_STREAMS.map((s): [string, string] => [s, s])])}</Field>
          <Field label="Labeler (email)">{text("labeler", { placeholder: "ann@example.org" })}</Field>
          <Field label="Model version">{text("modelVersion", { inputMode: "numeric" })}</Field>
          <Field label="Sort by">{menu("sort", BROWSE_SORTS.map((s): [string, string] => [s, SORT_NAMES[s]]))}</Field>
          <Field label="Order">{menu("order", [["desc", "Descending"], ["asc", "Ascending"]])}</Field>
          <div className="flex items-end">
            <button
              type="button"
              className="btn w-full"
              onClick={() => {
                const cleared = { sort: draft.sort ?? "priority", order: draft.order ?? "desc" };
                setDraft(cleared);
                onApply(cleared);
              }}
            >
              Clear filters
            </button>
          </div>
        </div>
      </form>
    );
  },
);
