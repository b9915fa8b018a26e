import { Suspense } from "react";
import { AppHeader } from "@/components/app-header";
import { ItemBrowser } from "@/components/browse/item-browser";
import { researcherPageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function ItemsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await researcherPageUser(id, `/projects/${id}/items`);
  return (
    <>
      <AppHeader email={user.email} crumbs={[{ label: "Project", href: `/projects/${id}` }, { label: "Items" }]} />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <Suspense fallback={<p className="text-slate-500">Loading…</p>}>
          <ItemBrowser projectId={id} />
        </Suspense>
      </main>
    </>
  );
}
