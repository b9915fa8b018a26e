import { AppHeader } from "@/components/app-header";
import { ProjectOverview } from "@/components/project-overview";
import { researcherPageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function ProjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await researcherPageUser(id, `/projects/${id}`);
  return (
    <>
      <AppHeader email={user.email} crumbs={[{ label: "Project" }]} />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <ProjectOverview projectId={id} />
      </main>
    </>
  );
}
