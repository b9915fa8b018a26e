"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { safeNext } from "@/lib/shared/safe-next";

/**
 * Email and password sign-in, and "Sign in with …" when single sign-on is configured. `next` is already a safe
 * same-origin path (the page checks it); it is checked again here because it decides where the browser goes.
 */
export function LoginForm({
  next,
  demo,
  sso,
  ssoFailed,
}: {
  next: string;
  demo: { email: string; password: string } | null;
  sso: { name: string } | null;
  ssoFailed: boolean;
}) {
  const router = useRouter();
  const target = safeNext(next);
  const [email, setEmail] = useState(demo?.email ?? "");
  const [password, setPassword] = useState("");
  const login = useMutation({
    mutationFn: () => api("/api/v1/auth/login", { method: "POST", json: { email, password } }),
    onSuccess: () => {
      router.replace(target);
      router.refresh();
    },
  });
  const single = useMutation({
    mutationFn: async () => {
      const res = await fetch("/api/auth/sign-in/social", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ provider: "sso", callbackURL: target, errorCallbackURL: "/login?error=sso" }),
      });
      const body = (await res.json().catch(() => null)) as { url?: string; message?: string } | null;
      if (!res.ok || !body?.url) throw new Error(body?.message ?? `Single sign-on is unavailable (HTTP ${res.status}).`);
      return body.url;
    },
    onSuccess: (url) => window.location.assign(url),
  });
  return (
    <div className="space-y-4">
      <form
        className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
        onSubmit={(e) => {
          e.preventDefault();
          login.mutate();
        }}
      >
        <label className="block text-sm">
          <span className="text-slate-700">Email</span>
          <input className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus={!demo} />
        </label>
        <label className="block text-sm">
          <span className="text-slate-700">Password</span>
          <input className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus={!!demo} />
        </label>
        {login.error && (
          <p role="alert" className="text-sm text-red-700">
            {login.error.message}
          </p>
        )}
        <button className="btn-primary w-full" disabled={login.isPending}>
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
        {demo && (
          <p className="text-xs text-slate-500">
            Demo: <code>{demo.email}</code> / <code>{demo.password}</code>
          </p>
        )}
      </form>
      {sso && (
        <div className="space-y-2">
          <button type="button" className="btn w-full" disabled={single.isPending} onClick={() => single.mutate()}>
            {single.isPending ? "Redirecting…" : `Sign in with ${sso.name}`}
          </button>
          {(single.error || ssoFailed) && (
            <p role="alert" className="text-sm text-red-700">
              {single.error?.message ?? "Single sign-on failed; try again or use your password."}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
