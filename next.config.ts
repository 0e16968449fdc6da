import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite finds its .wasm/.data files relative to its own module, pdfkit its font metrics: not bundled.
  // pg-copy-streams' obuf calls new Buffer(), which Node warns about (DEP0005) unless called from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg", "pg-copy-streams", "pdfkit"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
