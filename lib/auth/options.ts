// next-auth configuration: email + password (Credentials) and, when OIDC_* variables are set,
// sign-in with an OpenID Connect provider (SSO). Sessions are JWTs signed with a secret kept in
// the data folder (or NEXTAUTH_SECRET), so they survive a restart. Each sign-in also creates a
// server-side session row whose id (`sid`) is put in the JWT; lib/auth/session.ts refuses a JWT whose
// session was revoked (sign out everywhere, a password reset) or signed out.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { AppError, toAppError } from "../api/errors";
import { verifyCredentials } from "../services/users/verify-credentials";
import { upsertSsoUser } from "../services/users/upsert-sso-user";
import { createSession } from "../services/sessions/create-session";
import { endSession } from "../services/sessions/revoke-sessions";

/** Who is signing in, from the request next-auth is answering (the route handler passes it). */
export type AuthRequestInfo = { userAgent: string | null; ip: string | null };

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function authOptions(request: AuthRequestInfo = { userAgent: null, ip: null }): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials) {
        try {
          return await verifyCredentials({
            input: { email: credentials?.email ?? "", password: credentials?.password ?? "" },
            ip: request.ip,
          });
        } catch (error) {
          // next-auth hands the message to the sign-in form as `error`.
          if (error instanceof AppError) throw new Error(error.message);
          throw error;
        }
      },
    }),
  ];
  if (e.isOidcEnabled) {
    providers.push({
      id: "oidc",
      name: e.OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      userinfo: {
        // In the authorization code flow a provider may keep the ID token minimal (just `sub`) and
        // serve email and name from its userinfo endpoint, so ask it too. Passing the token set makes
        // openid-client check that userinfo's `sub` is the ID token's.
        async request({ tokens, client }) {
          // At run time `tokens` is openid-client's TokenSet (next-auth's type says plain parameters).
          const tokenSet = tokens as unknown as Exclude<Parameters<typeof client.userinfo>[0], string>;
          const claims = tokenSet.claims();
          if (!client.issuer.metadata.userinfo_endpoint || !tokenSet.access_token) return claims;
          const userinfo = await client.userinfo(tokenSet);
          return { ...claims, ...userinfo, sub: claims.sub };
        },
      },
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? null };
      },
    });
  }
  return {
    secret: e.nextAuthSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        const verified = (profile as { email_verified?: unknown } | undefined)?.email_verified;
        try {
          const local = await upsertSsoUser({
            input: {
              subject: account.providerAccountId,
              email: user.email ?? undefined,
              // Some providers send the flag as a string.
              emailVerified: verified === true || verified === "true",
              name: user.name ?? null,
            },
          });
          Object.assign(user, { id: local.id, email: local.email, name: local.name });
          return true;
        } catch (error) {
          // The sign-in page explains known refusals; anything else is logged and shown generically.
          const appError = toAppError(error);
          if (appError.status === 500) console.error("[auth] single sign-on failed:", error);
          const code = appError.metadata.signInError;
          return `/sign-in?error=${typeof code === "string" ? code : "SsoFailed"}`;
        }
      },
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sid = (await createSession({ userId: user.id, ...request, maxAgeSeconds: SESSION_MAX_AGE_SECONDS })).id;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        (session as { sid?: unknown }).sid = token.sid;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        await endSession({ sessionId: token?.sid });
      },
    },
  };
}
