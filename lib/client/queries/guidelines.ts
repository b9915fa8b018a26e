import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { GuidelinesView } from "@/lib/shared/types";
import { api } from "../api";

export const guidelinesKey = (id: string) => ["projects", id, "guidelines"] as const;

/** The project's guidelines (Markdown) and version; every member may read them. */
export const guidelinesQuery = (id: string) =>
  queryOptions({ queryKey: guidelinesKey(id), queryFn: () => api<GuidelinesView>(`/api/v1/projects/${id}/guidelines`) });

export function useSaveGuidelines(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (markdown: string) => api<GuidelinesView>(`/api/v1/projects/${id}/guidelines`, { method: "PUT", json: { markdown } }),
    onSuccess: (g) => qc.setQueryData(guidelinesKey(id), g),
  });
}
