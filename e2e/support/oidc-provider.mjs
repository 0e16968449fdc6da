// A real OpenID Provider for the end-to-end tests (oidc-provider), on loopback over plain http.
//   node e2e/support/oidc-provider.mjs      -> http://127.0.0.1:$OIDC_PORT (3299)
// One confidential client (OIDC_CLIENT_ID / OIDC_CLIENT_SECRET, fixed test values by default) whose
// redirect URI is the app's next-auth callback on $E2E_PORT (3210). The provider's built-in
// development login page accepts any login and any password; the login becomes the identity:
//   "sso-alice"         -> sub "sso-alice", email "sso-alice@sso.example.test", verified
//   "Ada@Example.test"  -> a login containing "@" is the email itself (to link an existing user)
//   "no-email-…"        -> no email claim at all
//   "unverified-…"      -> email_verified false
// Consent is granted automatically (loadExistingGrant), as a company IdP does for its own apps.
import { generateKeyPairSync } from "node:crypto";
import { pathToFileURL } from "node:url";
import Provider from "oidc-provider";

export const TEST_CLIENT_ID = "tollgate-e2e";
export const TEST_CLIENT_SECRET = "tollgate-e2e-client-secret-not-for-production";
export const EMAIL_DOMAIN = "sso.example.test";

/** The claims the provider asserts for a login typed on its login page. */
export function claimsFor(login) {
  const isEmail = login.includes("@");
  const local = isEmail ? login.split("@")[0] : login;
  const name = local
    .split(/[-._]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join(" ");
  const claims = { sub: login, name };
  if (!login.startsWith("no-email")) {
    claims.email = isEmail ? login : `${login}@${EMAIL_DOMAIN}`;
    claims.email_verified = !login.startsWith("unverified");
  }
  return claims;
}

export function createProvider({ issuer, clientId, clientSecret, redirectUris }) {
  // A fresh signing key per run: the provider's built-in development keys are public.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: "e2e", alg: "RS256", use: "sig" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [jwk] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    scopes: ["openid", "email", "profile"],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["tollgate-e2e-oidc-cookie-key"] },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => claimsFor(sub) };
    },
    // Auto-consent: the grant of this session (or a new one) covers every scope the client asks for.
    async loadExistingGrant(ctx) {
      const { provider, client, session, result } = ctx.oidc;
      const grantId = result?.consent?.grantId || session.grantIdFor(client.clientId);
      const grant = (grantId && (await provider.Grant.find(grantId))) || new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(" "));
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = `<!doctype html><title>OIDC error</title><h1>OIDC error</h1><pre data-testid="oidc-error">${JSON.stringify(out)
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")}</pre>`;
    },
  });
  return provider;
}

// Run as a script (not when imported by a test).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.OIDC_PORT ?? 3299);
  const appPort = Number(process.env.E2E_PORT ?? 3210);
  const issuer = `http://127.0.0.1:${port}`;
  const redirectUris = (process.env.OIDC_REDIRECT_URIS ?? `http://localhost:${appPort}/api/auth/callback/oidc`).split(",");
  const provider = createProvider({
    issuer,
    clientId: process.env.OIDC_CLIENT_ID || TEST_CLIENT_ID,
    clientSecret: process.env.OIDC_CLIENT_SECRET || TEST_CLIENT_SECRET,
    redirectUris,
  });
  const server = provider.listen(port, "127.0.0.1", () => {
    console.log(`[oidc-provider] issuer ${issuer}, redirect URIs ${redirectUris.join(" ")}`);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
}
