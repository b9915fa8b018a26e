"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { tokensQuery, useTokenMutations } from "@/lib/client/queries/team";

/** The caller's API tokens: create (the secret is shown once, with a copy button), list, revoke. */
export function TokenManager() {
  const tokens = useQuery(tokensQuery());
  const { create, revoke } = useTokenMutations();
  const [name, setName] = useState("");
  const [fresh, setFresh] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const error = create.error ?? revoke.error ?? tokens.error;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading" className="text-lg font-medium">API tokens</h2>
      <p className="mt-1 text-sm text-slate-600">
        Scripts send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you; revoke it when it is no longer needed.
      </p>
      <form
        className="mt-4 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setCopied(false);
          create.mutate(name.trim(), { onSuccess: (t) => { setFresh(t.token); setName(""); } });
        }}
      >
        <label className="text-sm">
          Token name
          <input className="input mt-1 w-64" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="laptop script" />
        </label>
        <button className="btn-primary" disabled={create.isPending}>Create token</button>
      </form>
      {fresh && (
        <div className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" role="status">
          <p>Copy this token now: it is shown only once.</p>
          <div className="mt-2 flex items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1" data-testid="new-token">{fresh}</code>
            <button
              className="btn"
              onClick={async () => {
                await navigator.clipboard.writeText(fresh);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy"}
            </button>
            <button className="btn" onClick={() => setFresh(null)}>Done</button>
          </div>
        </div>
      )}
      <table className="mt-4 w-full text-left text-sm">
        <thead className="text-slate-500">
          <tr><th className="py-1">Name</th><th>Created</th><th>Last used</th><th /></tr>
        </thead>
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id} className="border-t border-slate-100" data-testid="token-row">
              <td className="py-1.5">{t.name}</td>
              <td>{new Date(t.createdAt).toLocaleString()}</td>
              <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
              <td className="text-right">
                {t.revokedAt ? (
                  <span className="text-slate-500">revoked</span>
                ) : (
                  <button className="text-red-700 hover:underline" aria-label={`Revoke ${t.name}`} onClick={() => revoke.mutate(t.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tokens.data?.length === 0 && <p className="mt-2 text-sm text-slate-500">No tokens yet.</p>}
      {error && <p role="alert" className="mt-2 text-sm text-red-700">{error.message}</p>}
    </section>
  );
}
