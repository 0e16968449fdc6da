import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security-headers.mjs";

const nextConfig: NextConfig = {
  // PGlite finds its .wasm/.data files relative to its own module, pdfkit its font metrics: not bundled.
  // pg-copy-streams' obuf calls new Buffer(), which Node warns about (DEP0005) unless called from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg", "pg-copy-streams", "pdfkit"],
  poweredByHeader: false,
  typedRoutes: false,
  // scripts/serve.mjs sets the same headers on what it answers itself (the gateway fast path, its errors).
  async headers() {
    const headers = securityHeaders({ dev: process.env.NODE_ENV === "development" });
    return [{ source: "/:path*", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
