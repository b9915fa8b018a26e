import type { Server } from "node:http";
import Provider from "oidc-provider";
import { BASE_URL, OIDC, OIDC_ISSUER } from "./constants";

/**
 * A real OpenID Connect provider (panva's oidc-provider) on loopback, with its development login and consent
 * pages: any login name signs in, and the name is used as the account's email. Verge is its one client.
 */
export async function startOidcProvider(): Promise<{ close: () => Promise<void> }> {
  const provider = new Provider(OIDC_ISSUER, {
    clients: [
      {
        client_id: OIDC.clientId,
        client_secret: OIDC.clientSecret,
        redirect_uris: [`${BASE_URL}/api/auth/callback/sso`],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: sub, email_verified: true, name: `SSO ${sub.split("@")[0]}` }),
    }),
    cookies: { keys: ["verge-e2e-oidc-cookie-key"] },
    features: { devInteractions: { enabled: true } },
  });
  const server: Server = provider.listen(OIDC.port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
