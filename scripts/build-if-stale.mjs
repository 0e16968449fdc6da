// Builds the app (next build) when the build is missing or older than the sources. Shared by
// scripts/start.mjs (npm start) and bench/gateway.mjs (npm run bench:gateway).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = ["app", "components", "lib", "public", "prisma/schema.prisma", "next.config.ts", "package-lock.json", "instrumentation.ts", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Runs `next build` in `root` if needed; returns false when the build failed. */
export function buildIfStale(root = process.cwd(), log = console.log) {
  const builtAt = existsSync(join(root, ".next", "BUILD_ID")) ? statSync(join(root, ".next", "BUILD_ID")).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (process.env.TOLLGATE_SKIP_BUILD === "1" || sourcesAt <= builtAt) return true;
  log(builtAt ? "[tollgate] sources changed since the last build: building…" : "[tollgate] first start: building…");
  const result = spawnSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: root, stdio: "inherit", env: process.env });
  return result.status === 0;
}
