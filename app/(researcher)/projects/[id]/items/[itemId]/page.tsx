import { notFound } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { ItemView } from "@/components/browse/item-view";
import { researcherPageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function ItemPage({ params }: { params: Promise<{ id: string; itemId: string }> }) {
  const { id, itemId } = await params;
  const n = Number(itemId);
  if (!Number.isSafeInteger(n) || n <= 0) notFound();
  const user = await researcherPageUser(id, `/projects/${id}/items/${n}`);
  return (
    <>
      <AppHeader
        email={user.email}
        crumbs={[{ label: "Project", href: `/projects/${id}` }, { label: "Items", href: `/projects/${id}/items` }, { label: "Item" }]}
      />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <ItemView projectId={id} itemId={n} />
      </main>
    </>
  );
}
