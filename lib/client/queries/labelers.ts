import { queryOptions } from "@tanstack/react-query";
import type { LabelersView } from "@/lib/shared/types";
import { api } from "../api";

/** Labelers' output and agreement (GET /projects/{id}/labelers). */
export const labelersQuery = (projectId: string) =>
  queryOptions({
    queryKey: ["projects", projectId, "labelers"] as const,
    queryFn: () => api<LabelersView>(`/api/v1/projects/${projectId}/labelers`),
    refetchInterval: 15_000,
  });
