"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { ImportReport, ScoresReport } from "@/lib/shared/types";

function contentTypeFor(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith(".csv")) return "text/csv";
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) return "application/x-ndjson";
  return null;
}

/** Uploads a pool file with a progress bar (bytes sent; the server reads as it stores) and shows the report. */
export function ImportPanel({ projectId }: { projectId: string }) {
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [modelName, setModelName] = useState("");
  const [scores, setScores] = useState<ScoresReport | null>(null);
  // "auto": by file extension; or another tool's format (docs/interop.md).
  const [format, setFormat] = useState<"auto" | "labelstudio" | "prodigy">("auto");

  const upload = (file: File, kind: "items" | "scores") => {
    setReport(null);
    setScores(null);
    setError(null);
    const type = contentTypeFor(file);
    if (!type) {
      setError(
        kind === "scores"
          ? `${file.name}: scores come as a .jsonl file (one {"id","score"} per line) or a .csv with id,score columns.`
          : `${file.name}: use a .jsonl/.ndjson file (one {"id","text","score"?} per line) or a .csv with id,text[,score] columns.`,
      );
      return;
    }
    if (kind === "scores" && !modelName.trim()) {
      setError("Name the model these scores come from.");
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(
      "POST",
      kind === "items"
        ? `/api/v1/projects/${projectId}/items${format === "auto" ? "" : `?format=${format}`}`
        : `/api/v1/projects/${projectId}/scores?model=${encodeURIComponent(modelName.trim())}`,
    );
    xhr.setRequestHeader("content-type", type);
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(e.loaded / e.total);
    xhr.onload = () => {
      setProgress(null);
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: reported below */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        if (kind === "items") setReport(body as ImportReport);
        else setScores(body as ScoresReport);
      }
      else setError((body as { error?: { message?: string } } | null)?.error?.message ?? `Import failed (HTTP ${xhr.status}).`);
      void qc.invalidateQueries({ queryKey: ["projects", projectId] });
    };
    xhr.onerror = () => {
      setProgress(null);
      setError("Network error during the upload: nothing after the last stored batch was imported; upload the file again (ids are upserted, so nothing is duplicated).");
    };
    setProgress(0);
    xhr.send(file);
  };

  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 className="text-lg font-medium">Import snippets</h2>
      <p className="mt-1 text-sm text-slate-600">
        JSONL (<code className="break-all">{'{"id","text","score"?,"meta"?}'}</code> per line) or CSV (<code>id,text[,score]</code>; other columns become
        metadata). UTF-8 or UTF-16, any line endings. Re-importing an id updates it and keeps its labels; labeled items whose
        text changes are listed and flagged for review in the exports.
      </p>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <select className="input mt-0 w-48" aria-label="Format of the file" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
          <option value="auto">JSONL or CSV</option>
          <option value="labelstudio">Label Studio JSON</option>
          <option value="prodigy">Prodigy JSONL</option>
        </select>
        <input
          ref={input}
          type="file"
          accept=".jsonl,.ndjson,.json,.csv"
          aria-label="Pool file"
          className="min-w-0 max-w-full text-sm"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) upload(f, "items");
            e.target.value = "";
          }}
          disabled={progress !== null}
        />
      </div>
      <details className="mt-4 text-sm">
        <summary className="cursor-pointer text-slate-700">Upload scores from your retrained model</summary>
        <p className="mt-2 text-slate-600">
          JSONL, one <code>{'{"id","score"}'}</code> per line, or CSV with <code>id,score</code>: a new model version whose q
          starts at these scores, then a retrain recalibrates them. Applied whole or not at all.
        </p>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <input className="input mt-0 w-48" placeholder="model name" aria-label="Model name" value={modelName} onChange={(e) => setModelName(e.target.value)} />
          <input
            type="file"
            accept=".jsonl,.ndjson,.json,.csv"
            aria-label="Scores file"
            className="min-w-0 max-w-full text-sm"
            disabled={progress !== null}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) upload(f, "scores");
              e.target.value = "";
            }}
          />
        </div>
      </details>
      {scores && (
        <p className="mt-4 text-sm" data-testid="scores-report">
          Model version {scores.modelVersion}: {scores.updated.toLocaleString()} scores updated, {scores.unknownIds.toLocaleString()} unknown ids,{" "}
          {scores.rejected} rejected{scores.errors[0] ? ` (line ${scores.errors[0].line}: ${scores.errors[0].message})` : ""}. A retrain is queued.
          {scores.unknown.length > 0 && (
            <span className="block text-xs text-slate-600" data-testid="scores-unknown">
              Unknown ids: {scores.unknown.slice(0, 10).map((u) => `${u.id} (line ${u.line})`).join(", ")}
              {scores.unknownIds > 10 ? `, and ${(scores.unknownIds - 10).toLocaleString()} more` : ""}.
            </span>
          )}
        </p>
      )}
      {progress !== null && (
        <div className="mt-4" role="progressbar" aria-valuenow={Math.round(progress * 100)} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-2 w-full overflow-hidden rounded bg-slate-200">
            <div className="h-2 bg-sky-500 transition-all" style={{ width: `${Math.max(2, progress * 100)}%` }} />
          </div>
          <p className="mt-1 text-xs text-slate-500">{progress < 1 ? `Uploading ${Math.round(progress * 100)}%` : "Storing the last rows…"}</p>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-4 text-sm text-red-700">
          {error}
        </p>
      )}
      {report && (
        <div className="mt-4 text-sm" data-testid="import-report">
          <p>
            Received {report.received.toLocaleString()} {report.received === 1 ? "row" : "rows"}: <b>{report.inserted.toLocaleString()}</b> new,{" "}
            <b>{report.updated.toLocaleString()}</b> updated, <b className={report.rejected ? "text-red-700" : ""}>{report.rejected.toLocaleString()}</b> rejected.
            {report.labels && ` Labels stored for you: ${report.labels.stored.toLocaleString()}${report.labels.refused ? ` (${report.labels.refused} not stored)` : ""}.`}
          </p>
          {report.errors.length > 0 && (
            <table className="mt-3 w-full text-left text-xs">
              <thead className="text-slate-500">
                <tr>
                  <th className="w-20 py-1">Line</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e) => (
                  <tr key={`${e.line}-${e.message}`} className="border-t border-slate-100">
                    <td className="py-1 font-mono">{e.line}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.textChanged.count > 0 && (
            <p className="mt-2 text-xs text-amber-800" data-testid="text-changed">
              {report.textChanged.count.toLocaleString()} labeled {report.textChanged.count === 1 ? "item" : "items"} got a new text; their labels
              judged the old one and are flagged for review (needsReview in the decisions export):{" "}
              {report.textChanged.ids.slice(0, 10).join(", ")}
              {report.textChanged.count > 10 ? ", …" : ""}
            </p>
          )}
          {report.rejected > report.errors.length && (
            <p className="mt-2 text-xs text-slate-500">First {report.errors.length} of {report.rejected} problems shown.</p>
          )}
        </div>
      )}
    </section>
  );
}
