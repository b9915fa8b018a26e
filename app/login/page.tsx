import { db } from "@/lib/server/db/client";
import { authEnv } from "@/lib/server/auth/config";
import { LoginForm } from "@/components/login-form";
import { safeNext } from "@/lib/shared/safe-next";
import { DEMO_PASSWORD } from "@/lib/shared/demo";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  const demo = await db().user.findFirst({ where: { isDemo: true }, select: { email: true } });
  const oidc = authEnv().oidc;
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-3xl font-bold tracking-tight">Verge</h1>
        <p className="mb-6 text-sm text-slate-600">Label where decisions flip.</p>
        <LoginForm
          next={safeNext(next)}
          demo={demo ? { email: demo.email, password: DEMO_PASSWORD } : null}
          sso={oidc ? { name: oidc.name } : null}
          ssoFailed={error !== undefined}
        />
      </div>
    </div>
  );
}
