import { db, type Tx } from "../../db";
import { decryptSecret, secretHint } from "../../crypto/secret-box";
import type { Prisma } from "../../generated/prisma/client";
import { assertCan, type Ctx } from "../context";

export const providerKeyAssociatedData = (slug: string) => `provider:${slug}`;

const PROVIDER_INCLUDE = {
  endpoints: { include: { model: { select: { slug: true, name: true, contextLength: true } } } },
} as const satisfies Prisma.ProviderInclude;

type ProviderRow = Prisma.ProviderGetPayload<{ include: typeof PROVIDER_INCLUDE }>;

/** A provider as the catalog shows it: its key only as "is it set" and a hint, never the ciphertext. */
export type CatalogProviderView = Omit<ProviderRow, "apiKeyCiphertext"> & { apiKey: { isSet: boolean; hint: string | null } };

function keyStatus(p: Pick<ProviderRow, "slug" | "apiKeyCiphertext">): CatalogProviderView["apiKey"] {
  if (!p.apiKeyCiphertext) return { isSet: false, hint: null };
  try {
    return { isSet: true, hint: secretHint(decryptSecret(p.apiKeyCiphertext, providerKeyAssociatedData(p.slug))) };
  } catch {
    return { isSet: true, hint: "unreadable" }; // encrypted under another TOLLGATE_ENCRYPTION_KEY
  }
}

function toView(row: ProviderRow): CatalogProviderView {
  const { apiKeyCiphertext, ...rest } = row;
  return {
    ...rest,
    endpoints: [...row.endpoints].sort((a, b) => a.model.slug.localeCompare(b.model.slug)),
    apiKey: keyStatus({ slug: row.slug, apiKeyCiphertext }),
  };
}

/** One provider with its endpoints, read inside a service's transaction. */
export async function readProviderView(tx: Tx, slug: string): Promise<CatalogProviderView> {
  return toView(await tx.provider.findUniqueOrThrow({ where: { slug }, include: PROVIDER_INCLUDE, omit: { apiKeyCiphertext: false } }));
}

/** The instance's provider catalog: Sandbox providers first, then by name. Everyone may read it. */
export async function listCatalog({ ctx }: { ctx: Ctx }): Promise<CatalogProviderView[]> {
  assertCan(ctx, "account.read");
  const rows = await (await db()).provider.findMany({ include: PROVIDER_INCLUDE, omit: { apiKeyCiphertext: false }, orderBy: [{ isSandbox: "desc" }, { name: "asc" }] });
  return rows.map(toView);
}
