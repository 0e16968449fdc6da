import { openDestinationSecrets } from "../../broadcast/destination-secrets";
import { SECRET_FIELDS, type SupportedType } from "../../broadcast/types";

/**
 * A config sent for an existing destination: what it leaves out keeps its stored value, and a secret
 * sent back as its hint ("…wxyz", as a GET returned it) keeps the stored secret.
 */
export function mergeStoredConfig(
  stored: { accountId: string; type: string; config: unknown; secretsCiphertext: string | null; secretHints: unknown },
  incoming: Record<string, unknown>,
): Record<string, unknown> {
  const secrets = openDestinationSecrets(stored);
  const hints = (stored.secretHints ?? {}) as Record<string, string>;
  const merged: Record<string, unknown> = { ...((stored.config ?? {}) as object), ...secrets };
  for (const [key, value] of Object.entries(incoming)) {
    if (SECRET_FIELDS[stored.type as SupportedType]?.includes(key) && (value === hints[key] || value === "" || value === undefined)) continue;
    merged[key] = value;
  }
  return merged;
}
