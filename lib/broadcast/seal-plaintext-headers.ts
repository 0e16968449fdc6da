// Destinations saved before custom headers were secret keep them in clear in `config`. At server
// start each such row is sealed again (headers into the ciphertext, hints beside), in its own
// transaction under a row lock; idempotent, and a row saved meanwhile is simply sealed already.
// Until then reads mask them (lib/api/broadcast-responses.ts) and sends read them as before.
import { db, type Db } from "../db";
import { resolveConfig, sealDestinationConfig } from "./destination-secrets";
import type { SupportedType } from "./types";

export async function sealPlaintextHeaders(client?: Db): Promise<number> {
  const c = client ?? (await db());
  const rows = await c.$queryRaw<{ id: string }[]>`SELECT id FROM broadcast_destinations WHERE jsonb_exists(config, 'headers')`;
  let sealed = 0;
  for (const { id } of rows) {
    await c.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM broadcast_destinations WHERE id = ${id} FOR UPDATE`;
      const row = await tx.broadcastDestination.findUnique({ where: { id }, select: { id: true, accountId: true, type: true, config: true, secretsCiphertext: true } });
      if (!row || !Object.hasOwn((row.config ?? {}) as object, "headers")) return;
      const { config, secretsCiphertext, secretHints } = sealDestinationConfig(row.accountId, row.type as SupportedType, resolveConfig(row));
      await tx.broadcastDestination.update({ where: { id }, data: { config, secretsCiphertext, secretHints } });
      sealed++;
    });
  }
  return sealed;
}
