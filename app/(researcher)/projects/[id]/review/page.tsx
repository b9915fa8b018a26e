import { AppHeader } from "@/components/app-header";
import { ReviewDesk } from "@/components/review-desk";
import { researcherPageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await researcherPageUser(id, `/projects/${id}/review`);
  return (
    <>
      <AppHeader email={user.email} crumbs={[{ label: "Project", href: `/projects/${id}` }, { label: "Review" }]} />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <ReviewDesk projectId={id} />
      </main>
    </>
  );
}
