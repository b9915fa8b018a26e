import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateProjectInput, UpdateProjectInput } from "@/lib/shared/schemas";
import type { ProjectView } from "@/lib/shared/types";
import { api } from "../api";

export const projectKeys = {
  all: ["projects"] as const,
  one: (id: string) => ["projects", id] as const,
};

export const projectsQuery = () =>
  queryOptions({
    queryKey: projectKeys.all,
    queryFn: () => api<{ projects: ProjectHeader[] }>("/api/v1/projects").then((r) => r.projects),
  });

/** Labelers receive only the name and label names. */
export type ProjectHeader = Pick<ProjectView, "id" | "name" | "positiveLabel" | "negativeLabel" | "role"> & Partial<ProjectView>;

export const projectQuery = (id: string) =>
  queryOptions({ queryKey: projectKeys.one(id), queryFn: () => api<ProjectHeader>(`/api/v1/projects/${id}`) });

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProjectInput) => api<ProjectView>("/api/v1/projects", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: projectKeys.all }),
  });
}

export function useUpdateProject(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateProjectInput) => api<ProjectView>(`/api/v1/projects/${id}`, { method: "PATCH", json: input }),
    onSuccess: (p) => {
      qc.setQueryData(projectKeys.one(id), p);
      return qc.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
}
