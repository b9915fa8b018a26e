"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { guidelinesQuery, useSaveGuidelines } from "@/lib/client/queries/guidelines";
import { GuidelinesMarkdown } from "./guidelines-markdown";

/** Researchers write the project's labeling guidelines in Markdown, with a live (sanitized) preview. */
export function GuidelinesEditor({ projectId }: { projectId: string }) {
  const g = useQuery(guidelinesQuery(projectId));
  const save = useSaveGuidelines(projectId);
  const [text, setText] = useState<string | null>(null);
  // The saved text until the researcher edits it.
  const value = text ?? g.data?.markdown ?? "";
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section>
        <h1 className="mb-2 text-xl font-semibold">Guidelines</h1>
        <p className="mb-2 text-sm text-slate-600">
          Markdown. Labelers see it in a panel (<kbd>G</kbd>) and when a new version is saved; each label records the version
          it was given under. Version <span data-testid="guidelines-version">{g.data?.version ?? "…"}</span>.
        </p>
        <textarea
          aria-label="Guidelines (Markdown)"
          className="h-96 w-full rounded border border-slate-300 p-2 font-mono text-sm"
          value={value}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="mt-2 flex items-center gap-3">
          <button className="btn-primary" disabled={save.isPending || !g.data} onClick={() => save.mutate(value)}>
            Save guidelines
          </button>
          {save.isSuccess && <span role="status">Saved as version {save.data.version}.</span>}
          {save.error && <span role="alert" className="text-rose-700">{save.error.message}</span>}
        </div>
      </section>
      <section aria-label="Preview" className="rounded border border-slate-200 bg-white p-4">
        <GuidelinesMarkdown markdown={value} />
      </section>
    </div>
  );
}
