import { notFound, redirect } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { GuidelinesEditor } from "@/components/guidelines-editor";
import { pageUser } from "@/lib/server/auth/page-guard";
import { projectRole } from "@/lib/server/auth/session";
import { NotFoundError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

export default async function GuidelinesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/guidelines`);
  const role = await projectRole(id, user).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  if (!role) notFound();
  if (role === "labeler") redirect(`/projects/${id}/label`);
  return (
    <>
      <AppHeader email={user.email} crumbs={[{ label: "Project", href: `/projects/${id}` }, { label: "Guidelines" }]} />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <GuidelinesEditor projectId={id} />
      </main>
    </>
  );
}
