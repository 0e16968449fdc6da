// GET|POST /api/auth/* – next-auth (sign-in, sign-out, session, CSRF, OIDC callback)
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { errorResponse, parseJsonBody } from "@/lib/api/handler";
import { badRequest, toAppError } from "@/lib/api/errors";
import { clientAddress } from "@/lib/auth/client-address";

/** next-auth calls req.json() on a JSON body and fails with a 500 on malformed JSON or a non-object: a 400 here. */
async function refuseBadJson(req: Request) {
  if (req.method !== "POST" || !(req.headers.get("content-type") ?? "").includes("application/json")) return null;
  try {
    const body = parseJsonBody(await req.clone().text());
    if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("The request body must be a JSON object.");
    for (const value of Object.values(body)) {
      if (value !== null && typeof value === "object") throw badRequest("The request body's fields must be plain values.");
    }
    return null;
  } catch (error) {
    return errorResponse(toAppError(error));
  }
}

async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return (await refuseBadJson(req)) ?? NextAuth(authOptions({ userAgent: req.headers.get("user-agent"), ip: clientAddress(req.headers) }))(req, ctx);
}

export { handler as GET, handler as POST };
