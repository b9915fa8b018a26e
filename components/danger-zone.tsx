"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useArchiveProject, useDeleteProject } from "@/lib/client/queries/team";

/** Archive/restore and delete (the project's name typed to confirm), for project admins. */
export function DangerZone({ project }: { project: { id: string; name: string; archivedAt?: string | null } }) {
  const router = useRouter();
  const archive = useArchiveProject(project.id);
  const del = useDeleteProject(project.id, () => router.push("/"));
  const [typed, setTyped] = useState("");
  const error = archive.error ?? del.error;
  return (
    <section className="rounded-xl border border-red-200 bg-white p-6 shadow-sm" aria-labelledby="danger-heading">
      <h2 id="danger-heading" className="text-lg font-medium">Archive or delete</h2>
      <p className="mt-1 text-sm text-slate-600">
        {project.archivedAt
          ? `Archived on ${new Date(project.archivedAt).toLocaleString()}: labelers do not see it and it takes no labels.`
          : "Archiving hides the project from labelers and stops labeling; researchers can still read and export it."}
      </p>
      <button className="btn mt-3" disabled={archive.isPending} onClick={() => archive.mutate(!project.archivedAt)}>
        {project.archivedAt ? "Restore project" : "Archive project"}
      </button>
      <form
        className="mt-6 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          del.mutate(typed);
        }}
      >
        <label className="text-sm">
          Delete the project, its items, labels, models and jobs for good: type <b>{project.name}</b>
          <input className="input mt-1 w-72" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Project name to confirm deletion" />
        </label>
        <button className="rounded-lg bg-red-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-40" disabled={typed !== project.name || del.isPending}>
          Delete project
        </button>
      </form>
      {error && <p role="alert" className="mt-2 text-sm text-red-700">{error.message}</p>}
    </section>
  );
}
