import { Labeler } from "@/components/labeler";
import { pageUser } from "@/lib/server/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function LabelPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/projects/${id}/label`);
  return <Labeler projectId={id} userId={user.id} />;
}
