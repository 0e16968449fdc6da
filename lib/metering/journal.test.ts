import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appendToJournal, closeJournal, journalLine, openJournal, orphanedSegments, parseJournalLine, rotateJournal, trimJournal } from "./journal";
import { hasUnsafeText, safeDeep, type GenerationRecord } from "./record";

const record = (id: string, extra: Partial<GenerationRecord> = {}): GenerationRecord => ({ id, accountId: "acc", apiKeyId: "key", model: "m", status: 200, costMicros: 12_345_678_901_234n, upstreamCostMicros: 7n, createdAt: new Date("2026-12-07T10:00:00.123Z"), ...extra });

afterEach(() => closeJournal());

describe("metering journal", () => {
  it("a line reads back as the record, leases as the spend they settle", () => {
    const lease = { id: "lease:p1:0", counterKey: "k:key", windowStart: new Date("2026-12-07T00:00:00Z") };
    const r = record("gen-1", { endUser: "u", attempts: [{ status: 200 }] as never, leases: [{ lease, amount: 10n, countsByok: false, consumed: 5n, spent: 5n }, { lease: { ...lease, id: "lease:p1:1", counterKey: "pool:acc", windowStart: new Date(0) }, amount: 10n, countsByok: null, spent: 5n }] });
    const back = parseJournalLine(journalLine(r));
    expect(back).toEqual({
      ...r,
      leases: undefined,
      counterSpend: [
        { leaseId: "lease:p1:0", counterKey: "k:key", windowStart: lease.windowStart, spent: 5n },
        { leaseId: "lease:p1:1", counterKey: "pool:acc", windowStart: new Date(0), spent: 5n, pool: true },
      ],
    });
  });

  it("finds the strings PostgreSQL refuses in a line, and makes them safe", () => {
    expect(hasUnsafeText(journalLine(record("a", { endUser: "x\u0000" })))).toBe(true);
    expect(hasUnsafeText(journalLine(record("b", { model: "\ud800" })))).toBe(true);
    expect(hasUnsafeText(journalLine(record("c", { model: "ok \ud83d\ude00 pair" })))).toBe(false);
    const safe = safeDeep(record("d", { endUser: "x\u0000", requestBody: { a: ["\udc00"] } as never }));
    expect(hasUnsafeText(journalLine(safe))).toBe(false);
    expect(safe.costMicros).toBe(12_345_678_901_234n);
    expect(safe.createdAt).toEqual(new Date("2026-12-07T10:00:00.123Z"));
  });

  it("keeps a segment until all its records are written, and a new segment starts at each flush", () => {
    const dir = mkdtempSync(join(tmpdir(), "tollgate-journal-"));
    openJournal(dir);
    const [a, b, c] = ["a", "b", "c"].map((id) => record(id));
    for (const r of [a, b]) appendToJournal(r, journalLine(r));
    rotateJournal(); // a flush takes a and b
    appendToJournal(c, journalLine(c));
    expect(readdirSync(dir)).toHaveLength(2);
    trimJournal([a]);
    expect(readdirSync(dir)).toHaveLength(2);
    trimJournal([b]);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(readFileSync(join(dir, readdirSync(dir)[0]), "utf8")).toBe(journalLine(c));
    // Its own segments are never another process's orphans.
    expect(orphanedSegments(dir)).toEqual([]);
  });
});
