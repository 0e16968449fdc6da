// GET|POST /api/auth/* – next-auth (sign-in, sign-out, session, CSRF, OIDC callback)
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { clientAddress } from "@/lib/auth/client-address";

function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions({ userAgent: req.headers.get("user-agent"), ip: clientAddress(req.headers) }))(req, ctx);
}

export { handler as GET, handler as POST };
