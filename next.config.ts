import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite finds its .wasm/.data files relative to its own module, pdfkit its font metrics: not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg", "pdfkit"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
