// npm start – builds if the build is missing or older than the sources, migrates the database
// (embedded PGlite in ./data by default, created on first start), then serves on $PORT (3000) with
// scripts/serve.mjs (Next, plus the gateway's fast path for chat completions).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = process.cwd();
const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
const tsxBin = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const SOURCES = ["app", "components", "lib", "public", "prisma/schema.prisma", "next.config.ts", "package-lock.json", "instrumentation.ts", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function run(args, label) {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`[tollgate] ${label} failed.`);
    process.exit(result.status ?? 1);
  }
}

const buildId = join(root, ".next", "BUILD_ID");
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
if (process.env.TOLLGATE_SKIP_BUILD !== "1" && sourcesAt > builtAt) {
  console.log(builtAt ? "[tollgate] sources changed since the last build: building…" : "[tollgate] first start: building…");
  run([nextBin, "build"], "build");
}

run([tsxBin, join(root, "scripts", "db-migrate.ts")], "database migration");

const port = process.env.PORT ?? "3000";
const child = spawn(process.execPath, [join(root, "scripts", "serve.mjs"), "--port", port, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...process.env,
    NEXT_MANUAL_SIG_HANDLE: "1",
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
