"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { api } from "@/lib/client/api";

export function AppHeader({ email, crumbs = [] }: { email: string; crumbs?: { href?: string; label: string }[] }) {
  const router = useRouter();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-6 py-3 text-sm">
        <nav className="flex min-w-0 flex-wrap items-center gap-2">
          <Link href="/" className="text-base font-bold tracking-tight">
            Verge
          </Link>
          {crumbs.map((c) => (
            <span key={c.label} className="flex items-center gap-2 text-slate-500">
              <span>/</span>
              {c.href ? <Link href={c.href}>{c.label}</Link> : <span className="text-slate-800">{c.label}</span>}
            </span>
          ))}
        </nav>
        <div className="flex min-w-0 items-center gap-3 text-slate-600">
          <Link href="/account" className="truncate rounded px-2 py-1 hover:bg-slate-100" title="Account and API tokens">
            {email}
          </Link>
          <button
            className="rounded px-2 py-1 hover:bg-slate-100"
            onClick={async () => {
              await api("/api/v1/auth/logout", { method: "POST" });
              router.replace("/login");
              router.refresh();
            }}
          >
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}
