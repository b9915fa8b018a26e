import { db } from "@/lib/server/db/client";
import { LoginForm } from "@/components/login-form";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const demo = await db().user.findFirst({ where: { isDemo: true }, select: { email: true } });
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-3xl font-bold tracking-tight">Verge</h1>
        <p className="mb-6 text-sm text-slate-600">Label where decisions flip.</p>
        <LoginForm next={next && next.startsWith("/") && !next.startsWith("//") ? next : "/"} demoEmail={demo?.email ?? null} />
      </div>
    </div>
  );
}
