import { notFound, redirect } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { ReviewDesk } from "@/components/review-desk";
import { pageUser } from "@/lib/server/auth/page-guard";
import { projectRole } from "@/lib/server/auth/session";
import { NotFoundError } from "@/lib/server/errors";

export const dynamic = "force-dynamic";

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/review`);
  const role = await projectRole(id, user).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  if (!role) notFound();
  if (role === "labeler") redirect(`/projects/${id}/label`);
  return (
    <>
      <AppHeader email={user.email} crumbs={[{ label: "Project", href: `/projects/${id}` }, { label: "Review" }]} />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <ReviewDesk projectId={id} />
      </main>
    </>
  );
}
