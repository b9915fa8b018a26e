import { AppHeader } from "@/components/app-header";
import { GuidelinesEditor } from "@/components/guidelines-editor";
import { researcherPageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function GuidelinesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await researcherPageUser(id, `/projects/${id}/guidelines`);
  return (
    <>
      <AppHeader email={user.email} crumbs={[{ label: "Project", href: `/projects/${id}` }, { label: "Guidelines" }]} />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <GuidelinesEditor projectId={id} />
      </main>
    </>
  );
}
