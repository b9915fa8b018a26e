"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { membersQuery, useMemberMutations } from "@/lib/client/queries/team";
import { ROLES, type Role } from "@/lib/shared/schemas";

/** The project's team: everyone with access sees it; project admins add members by email, change roles, remove. */
export function TeamPanel({ projectId, canManage }: { projectId: string; canManage: boolean }) {
  const members = useQuery(membersQuery(projectId));
  const m = useMemberMutations(projectId);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("labeler");
  const error = m.add.error ?? m.setRole.error ?? m.remove.error ?? members.error;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="team-heading">
      <h2 id="team-heading" className="text-lg font-medium">Team</h2>
      <p className="mt-1 text-sm text-slate-600">Labelers label; researchers also import, export and change settings; admins also manage the team and can archive or delete the project.</p>
      <div className="mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-slate-500">
          <tr><th className="py-1">Member</th><th>Role</th><th /></tr>
        </thead>
        <tbody>
          {members.data?.map((u) => (
            <tr key={u.userId} className="border-t border-slate-100" data-testid="member-row">
              <td className="py-1.5">{u.email}</td>
              <td>
                {canManage ? (
                  <select
                    className="rounded border border-slate-300 px-1 py-0.5"
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={m.setRole.isPending}
                    onChange={(e) => m.setRole.mutate({ userId: u.userId, role: e.target.value as Role })}
                  >
                    {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                  </select>
                ) : (
                  u.role
                )}
              </td>
              <td className="text-right">
                {canManage && (
                  <button className="text-red-700 hover:underline" aria-label={`Remove ${u.email}`} onClick={() => m.remove.mutate(u.userId)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {canManage && (
        <form
          className="mt-4 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            m.add.mutate({ email: email.trim(), role }, { onSuccess: () => setEmail("") });
          }}
        >
          <label className="text-sm">
            Add by email
            <input className="input mt-1 w-64" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} placeholder="ann@example.org" />
          </label>
          <label className="text-sm">
            Role
            <select className="input mt-1" value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label="New member's role">
              {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </label>
          <button className="btn-primary" disabled={m.add.isPending}>Add member</button>
        </form>
      )}
      {error && <p role="alert" className="mt-2 text-sm text-red-700">{error.message}</p>}
    </section>
  );
}
