import "server-only";
import { redirect } from "next/navigation";
import { currentUser } from "./session";
import type { UserView } from "./users";

/** For pages: the signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function pageUser(returnTo: string): Promise<UserView> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return user;
}
