import { AppHeader } from "@/components/app-header";
import { TokenManager } from "@/components/token-manager";
import { pageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";

/** The signed-in user's account: API tokens. */
export default async function AccountPage() {
  const user = await pageUser("/account");
  return (
    <>
      <AppHeader email={user.email} crumbs={[{ label: "Account" }]} />
      <main className="mx-auto max-w-4xl space-y-6 px-6 py-8">
        <h1 className="text-2xl font-semibold">Account</h1>
        <TokenManager />
      </main>
    </>
  );
}
