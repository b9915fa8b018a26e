import "server-only";
import { notFound, redirect } from "next/navigation";
import { NotFoundError } from "../errors";
import { currentUser, projectRole } from "./session";
import type { UserView } from "./users";

/** For pages: the signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function pageUser(returnTo: string): Promise<UserView> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * For researcher pages of a project: the signed-in user (else the login redirect of pageUser) with a researcher or
 * admin role in it. A project that does not exist, or that the user is not a member of, is a 404 page (projects stay
 * private); a labeler is sent to the project's labeling page.
 */
export async function researcherPageUser(projectId: string, returnTo: string): Promise<UserView> {
  const user = await pageUser(returnTo);
  const role = await projectRole(projectId, user).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  if (!role) notFound();
  if (role === "labeler") redirect(`/projects/${projectId}/label`);
  return user;
}
