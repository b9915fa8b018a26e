import { queryOptions } from "@tanstack/react-query";
import type { StatsView } from "@/lib/shared/types";
import { api } from "../api";

export const statsKeys = { one: (projectId: string) => ["projects", projectId, "stats"] as const };

export type LabelerStats = Pick<StatsView, "items" | "labeled" | "queued" | "me">;

export const statsQuery = (projectId: string, refetchInterval = 10_000) =>
  queryOptions({
    queryKey: statsKeys.one(projectId),
    queryFn: () => api<StatsView | LabelerStats>(`/api/v1/projects/${projectId}/stats`),
    refetchInterval,
  });
