import { notFound, redirect } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { ItemView } from "@/components/browse/item-view";
import { pageUser } from "@/lib/server/auth/page-guard";
import { projectRole } from "@/lib/server/auth/session";
import { NotFoundError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

export default async function ItemPage({ params }: { params: Promise<{ id: string; itemId: string }> }) {
  const { id, itemId } = await params;
  const n = Number(itemId);
  if (!Number.isSafeInteger(n) || n <= 0) notFound();
  const user = await pageUser(`/projects/${id}/items/${n}`);
  const role = await projectRole(id, user).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  if (!role) notFound();
  if (role === "labeler") redirect(`/projects/${id}/label`);
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
