import { queryOptions } from "@tanstack/react-query";
import type { HistoryView, ReliabilityView, ThresholdsView } from "@/lib/shared/types";
import { api } from "../api";

export const thresholdKeys = {
  all: (projectId: string) => ["projects", projectId, "thresholds"] as const,
  curve: (projectId: string, steps: number) => ["projects", projectId, "thresholds", "curve", steps] as const,
};

/** The estimate curve over the pool's q range (one request; the desk interpolates between its points). */
export const thresholdCurveQuery = (projectId: string, steps = 200) =>
  queryOptions({
    queryKey: thresholdKeys.curve(projectId, steps),
    queryFn: () => api<ThresholdsView>(`/api/v1/projects/${projectId}/thresholds?steps=${steps}`),
    refetchInterval: 30_000,
  });

/** The exact point at one τ′ (what "Save τ" confirms against). */
export const fetchThresholdPoint = (projectId: string, tau: number) =>
  api<ThresholdsView>(`/api/v1/projects/${projectId}/thresholds?from=${tau}&to=${tau}&steps=1`).then((v) => v.points.find((p) => p.tau === tau) ?? v.points[0]!);

/** Reliability diagrams per model version (GET /projects/{id}/reliability). */
export const reliabilityQuery = (projectId: string) =>
  queryOptions({
    queryKey: [...thresholdKeys.all(projectId), "reliability"] as const,
    queryFn: () => api<ReliabilityView>(`/api/v1/projects/${projectId}/reliability`),
    refetchInterval: 30_000,
  });

/** The audit estimate at τ per model version (GET /projects/{id}/history). */
export const historyQuery = (projectId: string) =>
  queryOptions({
    queryKey: [...thresholdKeys.all(projectId), "history"] as const,
    queryFn: () => api<HistoryView>(`/api/v1/projects/${projectId}/history`),
    refetchInterval: 30_000,
  });
