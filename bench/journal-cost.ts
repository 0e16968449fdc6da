// The metering journal's cost on the request path, measured alone: what recordGeneration adds per
// record for durability (serialise the record to one JSON line, test it for strings PostgreSQL
// refuses, one write(2) to the journal file), plus the per-flush rotation and trimming, in CPU time.
// Prints `journal {"records", "perRecordUs", "bytesPerRecord"}` (bench/gateway.mjs reads it).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendToJournal, closeJournal, journalLine, openJournal, rotateJournal, trimJournal } from "../lib/metering/journal";
import { hasUnsafeText, type GenerationRecord } from "../lib/metering/record";

const RECORDS = Number(process.env.JOURNAL_RECORDS ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), "tollgate-journal-bench-"));
openJournal(dir);
// What the gateway records for a paid bench/echo request: attempts, health, one lease on the pool.
const lease = { id: "lease:bench:0", counterKey: "pool:cmbenchaccount0000000000", windowStart: new Date(0) };
const make = (i: number): GenerationRecord => ({
  id: `gen-${Date.now().toString(36)}-${i.toString(36).padStart(12, "0")}`, accountId: "cmbenchaccount0000000000", apiKeyId: "cmbenchkey00000000000000", keyCreatorId: "cmbenchuser0000000000000",
  endUser: null, model: "bench/echo", providerSlug: "bench-upstream", endpointId: "cmbenchendpoint000000000", upstreamId: "chatcmpl-bench", status: 200, finishReason: "stop",
  promptTokens: 12, completionTokens: 9, reasoningTokens: 0, cachedTokens: 0, costMicros: 30n, upstreamCostMicros: 30n, isByok: false, zdr: false, streamed: false, cancelled: false,
  latencyMs: 3, generationTimeMs: 2, createdAt: new Date(), httpReferer: null, userAgent: "autocannon",
  attempts: [{ provider: "bench-upstream", provider_name: "Bench upstream", endpoint_id: "cmbenchendpoint000000000", model: "bench/echo", status: 200, latency: 2, is_byok: false }] as never,
  health: [{ endpointId: "cmbenchendpoint000000000", ok: true, latencyMs: 2, ttftMs: null, outputTokens: 9, generationMs: 2 }],
  leases: [{ lease, amount: 3000n, countsByok: null, consumed: 30n, spent: 30n }],
});
const records = Array.from({ length: RECORDS }, (_, i) => make(i));
let bytes = 0;
const batch: GenerationRecord[] = [];
const before = process.cpuUsage();
const wall = process.hrtime.bigint();
for (const record of records) {
  const line = journalLine(record);
  if (hasUnsafeText(line)) throw new Error("unexpected unsafe text");
  appendToJournal(record, line);
  bytes += line.length;
  batch.push(record);
  // A flush every 500 records: rotate, and trim the committed batch (its segment is deleted).
  if (batch.length === 500) {
    rotateJournal();
    trimJournal(batch.splice(0));
  }
}
const cpu = process.cpuUsage(before);
const wallNs = Number(process.hrtime.bigint() - wall);
closeJournal();
rmSync(dir, { recursive: true, force: true });
const perRecordUs = (cpu.user + cpu.system) / RECORDS;
process.stdout.write(`journal ${JSON.stringify({ records: RECORDS, perRecordUs, wallPerRecordUs: wallNs / 1000 / RECORDS, bytesPerRecord: Math.round(bytes / RECORDS) })}\n`);
