import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { JobView, ModelView } from "@/lib/shared/types";
import { api } from "../api";

export interface RetrainState {
  job: JobView | null;
  model: ModelView;
}

export const modelKeys = { retrain: (projectId: string) => ["projects", projectId, "retrain"] as const };

/** Polls every second while a retrain is waiting or running, every 10 s otherwise. */
export const retrainQuery = (projectId: string) =>
  queryOptions({
    queryKey: modelKeys.retrain(projectId),
    queryFn: () => api<RetrainState>(`/api/v1/projects/${projectId}/retrain`),
    refetchInterval: (q) => (q.state.data?.job && ["queued", "running"].includes(q.state.data.job.status) ? 1000 : 10_000),
  });

export function useRetrain(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ jobId: string }>(`/api/v1/projects/${projectId}/retrain`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: modelKeys.retrain(projectId) }),
  });
}
