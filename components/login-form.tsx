"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api";

export function LoginForm({ next, demoEmail }: { next: string; demoEmail: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState(demoEmail ?? "");
  const [password, setPassword] = useState("");
  const login = useMutation({
    mutationFn: () => api("/api/v1/auth/login", { method: "POST", json: { email, password } }),
    onSuccess: () => {
      router.replace(next);
      router.refresh();
    },
  });
  return (
    <form
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        login.mutate();
      }}
    >
      <label className="block text-sm">
        <span className="text-slate-700">Email</span>
        <input className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus={!demoEmail} />
      </label>
      <label className="block text-sm">
        <span className="text-slate-700">Password</span>
        <input className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus={!!demoEmail} />
      </label>
      {login.error && (
        <p role="alert" className="text-sm text-red-700">
          {login.error.message}
        </p>
      )}
      <button className="btn-primary w-full" disabled={login.isPending}>
        {login.isPending ? "Signing in…" : "Sign in"}
      </button>
      {demoEmail && (
        <p className="text-xs text-slate-500">
          Demo: <code>{demoEmail}</code> / <code>verge-demo</code>
        </p>
      )}
    </form>
  );
}
