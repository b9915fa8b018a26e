import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/shared/schemas";
import type { ProjectView, TokenView } from "@/lib/shared/types";
import { api } from "../api";
import { projectKeys } from "./projects";

export interface MemberView {
  projectId: string;
  userId: string;
  email: string;
  name: string | null;
  role: Role;
}

export const membersQuery = (projectId: string) =>
  queryOptions({
    queryKey: ["projects", projectId, "members"] as const,
    queryFn: () => api<{ members: MemberView[] }>(`/api/v1/projects/${projectId}/members`).then((r) => r.members),
  });

export const tokensQuery = () =>
  queryOptions({ queryKey: ["tokens"] as const, queryFn: () => api<{ tokens: TokenView[] }>("/api/v1/tokens").then((r) => r.tokens) });

/** Add (POST, by email), change role (PATCH) and remove (DELETE) members; each refreshes the member list. */
export function useMemberMutations(projectId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ["projects", projectId, "members"] });
  return {
    add: useMutation({
      mutationFn: (m: { email: string; role: Role }) => api<MemberView>(`/api/v1/projects/${projectId}/members`, { method: "POST", json: m }),
      onSuccess: refresh,
    }),
    setRole: useMutation({
      mutationFn: (m: { userId: string; role: Role }) =>
        api<MemberView>(`/api/v1/projects/${projectId}/members/${encodeURIComponent(m.userId)}`, { method: "PATCH", json: { role: m.role } }),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => api<void>(`/api/v1/projects/${projectId}/members/${encodeURIComponent(userId)}`, { method: "DELETE" }),
      onSuccess: refresh,
    }),
  };
}

export function useTokenMutations() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ["tokens"] });
  return {
    create: useMutation({
      mutationFn: (name: string) => api<{ tokenId: string; token: string }>("/api/v1/tokens", { method: "POST", json: { name } }),
      onSuccess: refresh,
    }),
    revoke: useMutation({
      mutationFn: (tokenId: string) => api<void>(`/api/v1/tokens/${encodeURIComponent(tokenId)}`, { method: "DELETE" }),
      onSuccess: refresh,
    }),
  };
}

export function useArchiveProject(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (archived: boolean) => api<ProjectView>(`/api/v1/projects/${projectId}/archive`, { method: "POST", json: { archived } }),
    onSuccess: (p) => {
      qc.setQueryData(projectKeys.one(projectId), p);
      return qc.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
}

/**
 * Deletes the project (`confirm`: its name). `onDeleted` runs from the hook, not from `mutate`'s options: those
 * are dropped when the page unmounts, and the page's own project query is gone once the delete succeeds.
 */
export function useDeleteProject(projectId: string, onDeleted: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (confirm: string) =>
      api<{ deleted: string }>(`/api/v1/projects/${projectId}?confirm=${encodeURIComponent(confirm)}`, { method: "DELETE" }),
    onSuccess: () => {
      onDeleted();
      // Only the list: refetching the deleted project would 404.
      return qc.invalidateQueries({ queryKey: projectKeys.all, exact: true });
    },
  });
}
