// BYOK provider keys: encryption at rest, ordering, scopes, audit, and what the gateway resolves.
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { decryptSecret, encryptSecret } from "../../crypto/secret-box";
import { expectAppError } from "../../testing/expect-app-error";
import { addMember, createApiKeyFor, createOrganizationFor, createUser, personalCtx } from "../../../prisma/factories";
import type { Ctx } from "../context";
import { createByokKey } from "../byok/create-byok-key";
import { deleteByokKey } from "../byok/delete-byok-key";
import { getByokKey } from "../byok/get-byok-key";
import { listByokKeys } from "../byok/list-byok-keys";
import { resolveProviderCredentials } from "../byok/resolve-provider-credentials";
import { updateByokKey } from "../byok/update-byok-key";
import { resolveAccountForUser } from "../accounts/resolve-account";

async function org() {
  const admin = await createUser();
  const { account, ctx } = await createOrganizationFor(admin.id);
  return { admin, account, ctx };
}

async function rawRow(id: string) {
  const rows = await (await db()).$queryRaw<Record<string, unknown>[]>`SELECT * FROM byok_keys WHERE id = ${id}`;
  return rows[0];
}

const order = async (ctx: Ctx, provider: string) =>
  (await listByokKeys({ ctx, input: { provider } })).keys.map((k) => [k.name, k.sortOrder]);

describe("provider keys at rest", () => {
  it("stores only AES-GCM ciphertext bound to the account and provider; the label shows the last four characters", async () => {
    const { ctx, account } = await org();
    const secret = "sk-proj-PLAINTEXT-never-stored-wxyz";
    const key = await createByokKey({ ctx, input: { provider: "openai", key: secret, name: "Prod" } });
    expect(key.label).toBe("…wxyz");
    expect(JSON.stringify(key)).not.toContain("PLAINTEXT");
    expect("secretCiphertext" in key).toBe(false);

    const row = await rawRow(key.id);
    const dump = JSON.stringify(row);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain("PLAINTEXT");
    expect(dump).not.toContain(Buffer.from(secret).toString("base64"));
    const ciphertext = String(row.secret_ciphertext);
    expect(Buffer.from(ciphertext, "base64").toString("latin1")).not.toContain("PLAINTEXT");
    expect(decryptSecret(ciphertext, `byok:${account.id}:openai`)).toBe(secret);
    expect(() => decryptSecret(ciphertext, `byok:${account.id}:groq`)).toThrow();
    expect(() => decryptSecret(ciphertext, "byok:another-account:openai")).toThrow();

    // Neither the services' reads nor the audit trail carry the secret.
    expect(JSON.stringify(await getByokKey({ ctx, id: key.id }))).not.toContain("PLAINTEXT");
    expect(JSON.stringify(await listByokKeys({ ctx }))).not.toContain("secretCiphertext");
    const events = await (await db()).auditEvent.findMany({ where: { accountId: account.id, targetId: key.id } });
    expect(events.map((e) => e.action)).toEqual(["byok_key.create"]);
    expect(JSON.stringify(events)).not.toContain("PLAINTEXT");
  });

  it("rotating the secret replaces the ciphertext and the label, and is audited without the secret", async () => {
    const { ctx, account } = await org();
    const key = await createByokKey({ ctx, input: { provider: "groq", key: "gsk_old_secret_1111" } });
    const before = await rawRow(key.id);
    const rotated = await updateByokKey({ ctx, id: key.id, input: { key: "gsk_new_secret_2222" } });
    expect(rotated.label).toBe("…2222");
    const after = await rawRow(key.id);
    expect(after.secret_ciphertext).not.toBe(before.secret_ciphertext);
    expect(JSON.stringify(after)).not.toContain("gsk_new_secret");
    const resolved = await resolveProviderCredentials({ accountId: account.id, provider: "groq", model: "groq/llama", apiKeyHash: null, userId: null });
    expect(resolved.keys.map((k) => k.secret)).toEqual(["gsk_new_secret_2222"]);
    const event = await (await db()).auditEvent.findFirstOrThrow({ where: { accountId: account.id, action: "byok_key.rotate" } });
    expect(event.metadata).toMatchObject({ label: "…2222", previous_label: "…1111", changed: "key" });
    expect(JSON.stringify(event)).not.toContain("secret_");
  });
});

describe("ordering", () => {
  it("a new key goes after the provider's existing keys; other providers count separately", async () => {
    const { ctx } = await org();
    const a = await createByokKey({ ctx, input: { provider: "openai", key: "sk-aaaa1111", name: "A" } });
    const b = await createByokKey({ ctx, input: { provider: "openai", key: "sk-bbbb2222", name: "B" } });
    const g = await createByokKey({ ctx, input: { provider: "groq", key: "gsk-cccc3333", name: "G" } });
    const c = await createByokKey({ ctx, input: { provider: "openai", key: "sk-dddd4444", name: "C" } });
    expect([a.sortOrder, b.sortOrder, c.sortOrder, g.sortOrder]).toEqual([0, 1, 2, 0]);
  });

  it("keys added at the same time still get distinct places", async () => {
    const { ctx } = await org();
    await Promise.all(Array.from({ length: 6 }, (_, i) => createByokKey({ ctx, input: { provider: "together", key: `tok-${i}-secret`, name: `K${i}` } })));
    const orders = (await listByokKeys({ ctx })).keys.map((k) => k.sortOrder);
    expect(orders).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("sort_order moves a key; the others shift; deleting closes the gap", async () => {
    const { ctx } = await org();
    const keys = [];
    for (const name of ["A", "B", "C", "D"]) keys.push(await createByokKey({ ctx, input: { provider: "mistral", key: `m-${name}-secret`, name } }));
    await updateByokKey({ ctx, id: keys[3].id, input: { sort_order: 0 } });
    expect(await order(ctx, "mistral")).toEqual([["D", 0], ["A", 1], ["B", 2], ["C", 3]]);
    await updateByokKey({ ctx, id: keys[0].id, input: { sort_order: 99 } });
    expect(await order(ctx, "mistral")).toEqual([["D", 0], ["B", 1], ["C", 2], ["A", 3]]);
    await updateByokKey({ ctx, id: keys[2].id, input: { sort_order: 1 } });
    expect(await order(ctx, "mistral")).toEqual([["D", 0], ["C", 1], ["B", 2], ["A", 3]]);
    await deleteByokKey({ ctx, id: keys[2].id });
    expect(await order(ctx, "mistral")).toEqual([["D", 0], ["B", 1], ["A", 2]]);
  });
});

describe("validation and scoping", () => {
  it("is_byok_only cannot be combined with is_fallback, also across updates; nothing changes", async () => {
    const { ctx, account } = await org();
    expect((await expectAppError(createByokKey({ ctx, input: { provider: "openai", key: "sk-1234", is_fallback: true, is_byok_only: true } }))).status).toBe(400);
    const key = await createByokKey({ ctx, input: { provider: "openai", key: "sk-12345678", is_fallback: true } });
    const error = await expectAppError(updateByokKey({ ctx, id: key.id, input: { is_byok_only: true } }));
    expect(error.status).toBe(400);
    expect(error.metadata.field).toBe("is_byok_only");
    const both = await updateByokKey({ ctx, id: key.id, input: { is_fallback: false, is_byok_only: true } });
    expect([both.isFallback, both.isByokOnly]).toEqual([false, true]);
    expect((await expectAppError(updateByokKey({ ctx, id: key.id, input: { is_fallback: true } }))).status).toBe(400);
    expect(await (await db()).byokKey.count({ where: { accountId: account.id } })).toBe(1);
  });

  it("allowed_api_key_hashes must name this account's keys; allowed_user_ids its members", async () => {
    const { ctx, account, admin } = await org();
    const other = await org();
    const mine = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    const theirs = await createApiKeyFor(other.account.id, "INFERENCE", other.admin.id);
    const member = await createUser();
    await addMember(account.id, member.id);

    const refused = await expectAppError(createByokKey({ ctx, input: { provider: "openai", key: "sk-12345678", allowed_api_key_hashes: [mine.hash, theirs.hash] } }));
    expect(refused.status).toBe(400);
    expect(refused.metadata).toMatchObject({ field: "allowed_api_key_hashes", unknown: [theirs.hash] });
    expect((await expectAppError(createByokKey({ ctx, input: { provider: "openai", key: "sk-12345678", allowed_user_ids: [other.admin.id] } }))).status).toBe(400);
    expect(await (await db()).byokKey.count({ where: { accountId: account.id } })).toBe(0);

    const key = await createByokKey({ ctx, input: { provider: "openai", key: "sk-12345678", allowed_api_key_hashes: [mine.hash], allowed_user_ids: [member.id, admin.id] } });
    expect(key.allowedApiKeyHashes).toEqual([mine.hash]);
    expect((await expectAppError(updateByokKey({ ctx, id: key.id, input: { allowed_api_key_hashes: ["f".repeat(64)] } }))).status).toBe(400);
    const cleared = await updateByokKey({ ctx, id: key.id, input: { allowed_api_key_hashes: null, allowed_user_ids: null } });
    expect([cleared.allowedApiKeyHashes, cleared.allowedUserIds]).toEqual([null, null]);
  });

  it("another account's key is not found: get, update and delete all answer 404 and change nothing", async () => {
    const mine = await org();
    const theirs = await org();
    const key = await createByokKey({ ctx: theirs.ctx, input: { provider: "openai", key: "sk-theirs-1234", name: "Theirs" } });
    // Thunks, one call at a time: a promise created before it is awaited would reject unhandled.
    for (const call of [
      () => getByokKey({ ctx: mine.ctx, id: key.id }),
      () => updateByokKey({ ctx: mine.ctx, id: key.id, input: { name: "Mine now" } }),
      () => deleteByokKey({ ctx: mine.ctx, id: key.id }),
    ]) {
      expect((await expectAppError(call())).status).toBe(404);
    }
    expect((await getByokKey({ ctx: theirs.ctx, id: key.id })).name).toBe("Theirs");
    expect((await listByokKeys({ ctx: mine.ctx })).total).toBe(0);
  });

  it("the provider and workspace cannot be changed; workspace_id on create must be this account", async () => {
    const { ctx, account } = await org();
    expect((await expectAppError(createByokKey({ ctx, input: { provider: "openai", key: "sk-12345678", workspace_id: "elsewhere" } }))).status).toBe(400);
    const key = await createByokKey({ ctx, input: { provider: "openai", key: "sk-12345678", workspace_id: account.id } });
    expect((await expectAppError(updateByokKey({ ctx, id: key.id, input: { provider: "groq" } }))).status).toBe(400);
    expect((await expectAppError(updateByokKey({ ctx, id: key.id, input: { workspace_id: "elsewhere" } }))).status).toBe(400);
    expect((await updateByokKey({ ctx, id: key.id, input: { provider: "openai", workspace_id: account.id, name: "Same" } })).name).toBe("Same");
  });

  it("Members and Billing are refused every read and write", async () => {
    const { account, ctx } = await org();
    const key = await createByokKey({ ctx, input: { provider: "openai", key: "sk-12345678" } });
    for (const role of ["MEMBER", "BILLING"] as const) {
      const user = await createUser();
      await addMember(account.id, user.id, role);
      const theirs = await resolveAccountForUser({ userId: user.id, segment: account.slug! });
      for (const call of [
        () => listByokKeys({ ctx: theirs }),
        () => getByokKey({ ctx: theirs, id: key.id }),
        () => createByokKey({ ctx: theirs, input: { provider: "openai", key: "sk-12345678" } }),
        () => updateByokKey({ ctx: theirs, id: key.id, input: { disabled: true } }),
        () => deleteByokKey({ ctx: theirs, id: key.id }),
      ]) {
        expect((await expectAppError(call())).status).toBe(403);
      }
    }
    expect((await getByokKey({ ctx, id: key.id })).disabled).toBe(false);
  });

  it("a personal account's owner manages its own provider keys", async () => {
    const user = await createUser();
    const ctx = await personalCtx(user.id);
    const key = await createByokKey({ ctx, input: { provider: "anthropic", key: "sk-ant-12345678" } });
    expect((await listByokKeys({ ctx })).keys.map((k) => k.id)).toEqual([key.id]);
  });

  it("an update that changes nothing writes no audit event", async () => {
    const { ctx, account } = await org();
    const key = await createByokKey({ ctx, input: { provider: "openai", key: "sk-12345678", name: "Same" } });
    await updateByokKey({ ctx, id: key.id, input: { name: "Same", sort_order: 0 } });
    expect(await (await db()).auditEvent.count({ where: { accountId: account.id, targetId: key.id } })).toBe(1);
    await updateByokKey({ ctx, id: key.id, input: { disabled: true } });
    const last = await (await db()).auditEvent.findFirstOrThrow({ where: { accountId: account.id, action: "byok_key.update" } });
    expect(last.metadata).toMatchObject({ changed: "disabled" });
  });
});

describe("resolveProviderCredentials", () => {
  const resolve = (accountId: string, over: Partial<Parameters<typeof resolveProviderCredentials>[0]> = {}) =>
    resolveProviderCredentials({ accountId, provider: "openai", model: "openai/gpt-4o", apiKeyHash: null, userId: null, ...over });

  it("returns decrypted enabled keys: non-fallback by sort_order, then fallback by sort_order", async () => {
    const { ctx, account } = await org();
    const fb1 = await createByokKey({ ctx, input: { provider: "openai", key: "sk-fallback-one", name: "fb1", is_fallback: true } });
    const p1 = await createByokKey({ ctx, input: { provider: "openai", key: "sk-primary-one", name: "p1" } });
    await createByokKey({ ctx, input: { provider: "openai", key: "sk-disabled", name: "off", disabled: true } });
    const fb2 = await createByokKey({ ctx, input: { provider: "openai", key: "sk-fallback-two", name: "fb2", is_fallback: true } });
    const p2 = await createByokKey({ ctx, input: { provider: "openai", key: "sk-primary-two", name: "p2" } });
    await createByokKey({ ctx, input: { provider: "groq", key: "gsk-other-provider" } });
    // p2 moves ahead of p1; fallbacks keep their relative order.
    await updateByokKey({ ctx, id: p2.id, input: { sort_order: 0 } });

    const resolved = await resolve(account.id);
    expect(resolved.keys.map((k) => [k.name, k.secret, k.isFallback])).toEqual([
      ["p2", "sk-primary-two", false],
      ["p1", "sk-primary-one", false],
      ["fb1", "sk-fallback-one", true],
      ["fb2", "sk-fallback-two", true],
    ]);
    expect(resolved.sharedCapacityAllowed).toBe(true);
    expect(resolved.unreadableKeyIds).toEqual([]);
    expect([fb1.id, fb2.id, p1.id].every((id) => resolved.keys.some((k) => k.id === id))).toBe(true);
    // The provider is matched case-insensitively; another account sees none of these keys.
    expect((await resolve(account.id, { provider: "OpenAI" })).keys).toHaveLength(4);
    const other = await org();
    expect(await resolve(other.account.id)).toEqual({ keys: [], sharedCapacityAllowed: true, unreadableKeyIds: [] });
  });

  it("is_byok_only removes shared capacity for every model; disabling the key gives it back", async () => {
    const { ctx, account } = await org();
    const only = await createByokKey({ ctx, input: { provider: "openai", key: "sk-only-12345", is_byok_only: true, allowed_models: ["openai/gpt-4o"] } });
    expect(await resolve(account.id)).toMatchObject({ sharedCapacityAllowed: false, keys: [{ id: only.id }] });
    // A model the key does not serve: no key, and still no shared capacity.
    expect(await resolve(account.id, { model: "openai/gpt-4o-mini" })).toMatchObject({ sharedCapacityAllowed: false, keys: [] });
    // Other providers are unaffected.
    expect((await resolve(account.id, { provider: "groq" })).sharedCapacityAllowed).toBe(true);
    await updateByokKey({ ctx, id: only.id, input: { disabled: true } });
    expect(await resolve(account.id)).toMatchObject({ sharedCapacityAllowed: true, keys: [] });
  });

  it("is_required removes shared capacity only for the models it serves", async () => {
    const { ctx, account } = await org();
    await createByokKey({ ctx, input: { provider: "openai", key: "sk-required-1", is_required: true, allowed_models: ["openai/gpt-4o"] } });
    expect((await resolve(account.id)).sharedCapacityAllowed).toBe(false);
    expect(await resolve(account.id, { model: "openai/o3" })).toMatchObject({ sharedCapacityAllowed: true, keys: [] });
  });

  it("allowed_api_key_hashes and allowed_user_ids restrict which requests a key serves", async () => {
    const { ctx, account, admin } = await org();
    const member = await createUser();
    await addMember(account.id, member.id);
    const k1 = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    const k2 = await createApiKeyFor(account.id, "INFERENCE", member.id);
    const forK1 = await createByokKey({ ctx, input: { provider: "openai", key: "sk-for-key-one", allowed_api_key_hashes: [k1.hash], is_byok_only: true } });
    const forMember = await createByokKey({ ctx, input: { provider: "openai", key: "sk-for-member", allowed_user_ids: [member.id] } });
    const open = await createByokKey({ ctx, input: { provider: "openai", key: "sk-for-everyone", is_fallback: true } });

    const viaK1 = await resolve(account.id, { apiKeyHash: k1.hash, userId: admin.id });
    expect(viaK1.keys.map((k) => k.id)).toEqual([forK1.id, open.id]);
    expect(viaK1.sharedCapacityAllowed).toBe(false);
    const viaK2 = await resolve(account.id, { apiKeyHash: k2.hash, userId: member.id });
    expect(viaK2.keys.map((k) => k.id)).toEqual([forMember.id, open.id]);
    // The byok-only key does not govern k2's requests.
    expect(viaK2.sharedCapacityAllowed).toBe(true);
    const anonymous = await resolve(account.id);
    expect(anonymous.keys.map((k) => k.id)).toEqual([open.id]);
  });

  it("a key that no longer decrypts is skipped and reported, never returned garbled", async () => {
    const { ctx, account } = await org();
    const good = await createByokKey({ ctx, input: { provider: "openai", key: "sk-good-12345" } });
    const bad = await createByokKey({ ctx, input: { provider: "openai", key: "sk-bad-12345" } });
    // Simulate a ciphertext written under another encryption key.
    await (await db()).byokKey.update({ where: { id: bad.id }, data: { secretCiphertext: encryptSecret("sk-bad-12345", `byok:${account.id}:openai`, Buffer.alloc(32, 7)) } });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const resolved = await resolve(account.id);
      expect(resolved.keys.map((k) => k.id)).toEqual([good.id]);
      expect(resolved.unreadableKeyIds).toEqual([bad.id]);
    } finally {
      console.error = original;
    }
    expect(JSON.stringify(errors)).not.toContain("sk-bad");
  });
});
