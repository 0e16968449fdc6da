import { describe, expect, it } from "vitest";
import { ALL_TIME, budgetWindow, counterKeyFor, mergePolicy, modelBlockedBy, providerBlockedBy, type GuardrailRule } from "./merge";
import { describePolicy } from "./describe";
import { planReservation } from "./enforce";

let n = 0;
const rule = (over: Partial<GuardrailRule> = {}): GuardrailRule => ({
  id: `g${++n}`, name: `G${n}`, source: "member", limitMicros: null, resetInterval: null, includeByokInBudgets: false,
  allowedModels: null, allowedProviders: null, ignoredModels: null, ignoredProviders: null, enforceZdr: false, ...over,
});
const key = { keyId: "k1", limitMicros: null, limitReset: null, includeByokInLimit: false };

describe("mergePolicy: allowlists", () => {
  it("no guardrail restricts nothing", () => {
    const p = mergePolicy([], key, "u1");
    expect(p).toMatchObject({ allowedModels: null, allowedProviders: null, ignoredModels: [], ignoredProviders: [], zdr: false, budgets: [] });
  });

  it("one allowlist is the allowlist; null lists do not widen or narrow", () => {
    expect(mergePolicy([rule({ allowedModels: ["a/x", "a/y"] }), rule()], key, "u1").allowedModels).toEqual(["a/x", "a/y"]);
  });

  it("allowlists intersect (stricter wins), also when disjoint (nothing allowed)", () => {
    expect(mergePolicy([rule({ allowedModels: ["a/x", "a/y", "b/z"] }), rule({ allowedModels: ["b/z", "a/y"] })], key, "u1").allowedModels).toEqual(["a/y", "b/z"]);
    expect(mergePolicy([rule({ allowedProviders: ["openai"] }), rule({ allowedProviders: ["groq"] })], key, "u1").allowedProviders).toEqual([]);
  });

  it("an empty allowlist allows nothing", () => {
    expect(mergePolicy([rule({ allowedModels: [] })], key, "u1").allowedModels).toEqual([]);
  });

  it("ignore lists add up and subtract from the allowlists; case and spaces do not matter", () => {
    const p = mergePolicy([rule({ allowedModels: ["A/X ", "a/y"], ignoredModels: ["a/y"] }), rule({ ignoredModels: ["c/w"], ignoredProviders: ["Groq"] }), rule({ allowedProviders: ["groq", "openai"] })], key, "u1");
    expect(p.allowedModels).toEqual(["a/x"]);
    expect(p.ignoredModels).toEqual(["a/y", "c/w"]);
    expect(p.ignoredProviders).toEqual(["groq"]);
    expect(p.allowedProviders).toEqual(["openai"]);
  });

  it("adding a guardrail never loosens: the merged sets only shrink", () => {
    const base = [rule({ allowedModels: ["a", "b", "c"], ignoredProviders: ["p"] })];
    const more = [...base, rule({ allowedModels: ["b", "c", "d"], ignoredModels: ["c"], enforceZdr: true })];
    const a = mergePolicy(base, key, "u1");
    const b = mergePolicy(more, key, "u1");
    expect(b.allowedModels!.every((m) => a.allowedModels!.includes(m))).toBe(true);
    expect(a.ignoredProviders.every((p) => b.ignoredProviders.includes(p))).toBe(true);
    expect(b.zdr).toBe(true);
  });
});

describe("mergePolicy: ZDR", () => {
  it("applies if any guardrail requires it", () => {
    expect(mergePolicy([rule(), rule({ enforceZdr: true })], key, "u1").zdr).toBe(true);
    expect(mergePolicy([rule(), rule()], key, "u1").zdr).toBe(false);
  });
});

describe("mergePolicy: budgets", () => {
  it("every budget applies separately: the key's limit, the key's guardrail (per key), each member guardrail (per member)", () => {
    const kg = rule({ source: "key", limitMicros: 30_000_000n, resetInterval: "daily" });
    const mg = rule({ source: "member", limitMicros: 100_000_000n, resetInterval: "daily", includeByokInBudgets: true });
    const p = mergePolicy([mg, kg, rule({ source: "member" })], { ...key, limitMicros: 5_000_000n, limitReset: "monthly", includeByokInLimit: true }, "u1");
    expect(p.budgets.map((b) => [b.kind, b.counterKey, b.limitMicros, b.resetInterval, b.countsByok])).toEqual([
      ["key_limit", "k:k1", 5_000_000n, "monthly", true],
      ["guardrail", counterKeyFor.guardrail(kg.id, "key", "k1"), 30_000_000n, "daily", false],
      ["guardrail", counterKeyFor.guardrail(mg.id, "member", "u1"), 100_000_000n, "daily", true],
    ]);
  });

  it("one guardrail on both the key and its member is two budgets; a member budget needs a member", () => {
    const g = rule({ limitMicros: 1n });
    const p = mergePolicy([{ ...g, source: "key" }, { ...g, source: "member" }], key, "u1");
    expect(p.budgets.map((b) => b.counterKey)).toEqual([`g:${g.id}:k:k1`, `g:${g.id}:u:u1`]);
    expect(mergePolicy([{ ...g, source: "member" }], key, null).budgets).toEqual([]);
  });

  it("a zero budget is a budget (nothing paid passes)", () => {
    expect(mergePolicy([rule({ limitMicros: 0n })], key, "u1").budgets).toHaveLength(1);
  });
});

describe("which guardrail blocks", () => {
  const policy = { rules: [rule({ name: "Allow", allowedModels: ["a/x"], allowedProviders: ["p1", "p2"] }), rule({ name: "Ignore", ignoredModels: ["a/x"], ignoredProviders: ["p2"] }), rule({ name: "Zdr", enforceZdr: true })] };
  it("names the first guardrail that keeps a model or provider out, and why", () => {
    expect(modelBlockedBy(policy, "b/y")).toMatchObject({ guardrail: { name: "Allow" }, reason: expect.stringMatching(/not in the allowlist/) });
    expect(modelBlockedBy(policy, "A/X")).toMatchObject({ guardrail: { name: "Ignore" }, reason: expect.stringMatching(/ignored/) });
    expect(modelBlockedBy({ rules: [] }, "a/x")).toBeNull();
    expect(providerBlockedBy(policy, { slug: "p3", retainsData: false })).toMatchObject({ guardrail: { name: "Allow" } });
    expect(providerBlockedBy(policy, { slug: "p2", retainsData: false })).toMatchObject({ guardrail: { name: "Ignore" } });
    expect(providerBlockedBy(policy, { slug: "p1", retainsData: true })).toMatchObject({ guardrail: { name: "Zdr" }, reason: expect.stringMatching(/zero data retention/) });
    expect(providerBlockedBy(policy, { slug: "p1", retainsData: false })).toBeNull();
  });
});

describe("budget windows", () => {
  it("daily, weekly and monthly windows in UTC, and all-time without a reset", () => {
    const at = new Date("2028-02-29T23:59:59.999Z"); // leap day, a Tuesday
    expect(budgetWindow("daily", at)).toEqual({ start: new Date("2028-02-29T00:00:00Z"), resetsAt: new Date("2028-03-01T00:00:00Z") });
    expect(budgetWindow("weekly", at)).toEqual({ start: new Date("2028-02-28T00:00:00Z"), resetsAt: new Date("2028-03-06T00:00:00Z") });
    expect(budgetWindow("monthly", at)).toEqual({ start: new Date("2028-02-01T00:00:00Z"), resetsAt: new Date("2028-03-01T00:00:00Z") });
    expect(budgetWindow(null, at)).toEqual({ start: ALL_TIME, resetsAt: null });
    // One millisecond later everything but the week has reset.
    const next = new Date(at.getTime() + 1);
    expect(budgetWindow("daily", next).start).toEqual(new Date("2028-03-01T00:00:00Z"));
    expect(budgetWindow("monthly", next).start).toEqual(new Date("2028-03-01T00:00:00Z"));
    expect(budgetWindow("weekly", next).start).toEqual(new Date("2028-02-28T00:00:00Z"));
  });

  it("the week ends on Sunday 23:59:59.999 and a new one starts on Monday, across a year end", () => {
    expect(budgetWindow("weekly", new Date("2028-01-02T23:59:59.999Z")).start).toEqual(new Date("2027-12-27T00:00:00Z"));
    expect(budgetWindow("weekly", new Date("2028-01-03T00:00:00Z")).start).toEqual(new Date("2028-01-03T00:00:00Z"));
    expect(budgetWindow("monthly", new Date("2027-12-31T23:59:59.999Z")).resetsAt).toEqual(new Date("2028-01-01T00:00:00Z"));
  });
});

describe("planReservation", () => {
  const now = new Date("2026-11-30T12:00:00Z");
  const policy = mergePolicy([rule({ source: "key", limitMicros: 100n, resetInterval: "daily" }), rule({ source: "member", limitMicros: 200n, includeByokInBudgets: true })], { ...key, limitMicros: 50n, limitReset: null, includeByokInLimit: false }, "u1");

  it("holds the highest worst case of the candidates that count on each budget; BYOK never on the pool", () => {
    const r = planReservation(policy, [{ isByok: true, worstCaseMicros: 40n }, { isByok: false, worstCaseMicros: 25n }], "acc", now)!;
    expect(r.poolMicros).toBe(25n);
    expect(r.charges.map((c) => [c.counterKey.split(":")[0], c.amountMicros, c.windowStart.toISOString()])).toEqual([
      ["k", 25n, ALL_TIME.toISOString()],
      ["g", 25n, "2026-11-30T00:00:00.000Z"],
      ["g", 40n, ALL_TIME.toISOString()],
    ]);
  });

  it("nothing to hold for free models, or with no budget and only BYOK", () => {
    expect(planReservation(policy, [{ isByok: false, worstCaseMicros: 0n }], "acc", now)).toBeNull();
    expect(planReservation(mergePolicy([], key, "u1"), [{ isByok: true, worstCaseMicros: 9n }], "acc", now)).toBeNull();
    expect(planReservation(mergePolicy([], key, "u1"), [{ isByok: false, worstCaseMicros: 9n }], "acc", now)).toMatchObject({ charges: [], poolMicros: 9n });
  });
});

describe("describePolicy", () => {
  it("lists who contributes each restriction and each budget's used / held / remaining / reset", () => {
    const a = rule({ name: "A", allowedModels: ["x/y"], limitMicros: 10_000_000n, resetInterval: "weekly" });
    const b = rule({ name: "B", enforceZdr: true, ignoredProviders: ["p"] });
    const policy = mergePolicy([a, b], key, "u1");
    const now = new Date("2026-12-02T10:00:00Z");
    const view = describePolicy(policy, [{ key: policy.budgets[0].counterKey, windowStart: new Date("2026-11-30T00:00:00Z"), usedMicros: 7_500_000n, reservedMicros: 1_000_000n }], now);
    expect(view.allowed_models).toEqual({ values: ["x/y"], from: [{ id: a.id, name: "A" }] });
    expect(view.ignored_providers).toEqual({ values: ["p"], from: [{ id: b.id, name: "B" }] });
    expect(view.zdr).toEqual({ required: true, from: [{ id: b.id, name: "B" }] });
    expect(view.budgets).toEqual([{ kind: "guardrail", guardrail_id: a.id, guardrail_name: "A", entity: "member", limit_usd: 10, used_usd: 7.5, reserved_usd: 1, remaining_usd: 1.5, reset_interval: "weekly", resets_at: "2026-12-07T00:00:00.000Z", counts_byok: false }]);
    // A counter of last week does not count this week.
    expect(describePolicy(policy, [{ key: policy.budgets[0].counterKey, windowStart: new Date("2026-11-23T00:00:00Z"), usedMicros: 9_000_000n, reservedMicros: 0n }], now).budgets[0].used_usd).toBe(0);
  });
});
