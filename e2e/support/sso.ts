// The test OpenID Provider (e2e/support/oidc-provider.mjs) as the app and the specs see it.
export const OIDC_PORT = Number(process.env.OIDC_PORT ?? 3299);
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = "tollgate-e2e";
export const OIDC_CLIENT_SECRET = "tollgate-e2e-client-secret-not-for-production";
export const OIDC_NAME = "Test IdP";
/** Where the provider puts the email of a login without "@" (see claimsFor in oidc-provider.mjs). */
export const SSO_EMAIL_DOMAIN = "sso.example.test";
