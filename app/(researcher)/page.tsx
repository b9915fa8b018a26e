import { AppHeader } from "@/components/app-header";
import { ProjectList } from "@/components/project-list";
import { pageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await pageUser("/");
  return (
    <>
      <AppHeader email={user.email} />
      <main className="mx-auto max-w-6xl px-6 py-8">
        <ProjectList />
      </main>
    </>
  );
}
