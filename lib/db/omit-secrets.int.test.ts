// The default client leaves every secret column out (OMIT_SECRETS), and a service that needs one
// still gets it by asking explicitly.
import { describe, expect, it } from "vitest";
import { db, OMIT_SECRETS } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { ensureDefaultCatalog } from "@/lib/gateway/catalog";
import { createApiKeyFor, createOrganizationFor, createUser } from "@/prisma/factories";

describe("secret columns", () => {
  it("are absent from default reads of every model that has one, and present when selected", async () => {
    const client = await db();
    const admin = await createUser();
    const { account } = await createOrganizationFor(admin.id);
    const key = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
    await client.apiKey.update({ where: { id: key.id }, data: { externalKeyHash: "ab".repeat(32) } });
    await ensureDefaultCatalog();
    await client.provider.updateMany({ data: { apiKeyCiphertext: encryptSecret("sk-x", "provider:any") } });
    await client.invitation.create({ data: { accountId: account.id, email: "i@example.com", role: "MEMBER", tokenHash: "cd".repeat(32), expiresAt: new Date(Date.now() + 60_000) } });
    await client.byokKey.create({ data: { accountId: account.id, provider: "openai", label: "…abcd", secretCiphertext: "sealed" } });
    await client.broadcastDestination.create({ data: { accountId: account.id, type: "datadog", config: {}, secretsCiphertext: "sealed" } });
    await client.passwordResetToken.create({ data: { userId: admin.id, tokenHash: "ef".repeat(32), expiresAt: new Date(Date.now() + 60_000) } });

    for (const [model, fields] of Object.entries(OMIT_SECRETS)) {
      const delegate = (client as unknown as Record<string, { findFirst(args?: object): Promise<Record<string, unknown> | null> }>)[model];
      const row = await delegate.findFirst({ where: {} });
      expect(row, model).not.toBeNull();
      for (const field of Object.keys(fields)) {
        expect(Object.hasOwn(row!, field), `${model}.${field} read by default`).toBe(false);
        const explicit = await delegate.findFirst({ where: { [field]: { not: "" } }, select: { [field]: true } });
        expect(typeof explicit?.[field], `${model}.${field} selected`).toBe("string");
      }
    }
  });
});
