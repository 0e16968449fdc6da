// A fake OpenAI-compatible upstream for tests and benchmarks: npx tsx scripts/fake-upstream.ts [port]
// POST /_control { mode: "ok"|"500"|"429"|"400"|"stall"|"slow", remaining, latencyMs } steers it.
import { createUpstreamServer } from "../lib/gateway/sandbox-upstream";

const upstream = createUpstreamServer({ latencyMs: Number(process.env.UPSTREAM_DELAY_MS ?? 0) });
upstream.listen(Number(process.argv[2] ?? process.env.PORT ?? 9100)).then((url) => console.log(`fake upstream listening at ${url}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void upstream.close().then(() => process.exit(0)));
