import { secretHint } from "../../crypto/secret-box";
import { openDestinationSecrets } from "../../broadcast/destination-secrets";
import { SECRET_FIELDS, type SupportedType } from "../../broadcast/types";

/**
 * A config sent for an existing destination: what it leaves out keeps its stored value, and a secret
 * sent back as its hint ("…wxyz", as a GET returned it) keeps the stored secret. `headers`, when
 * sent, is the whole new set: a header sent back as its hint (or empty) keeps its stored value.
 */
export function mergeStoredConfig(
  stored: { accountId: string; type: string; config: unknown; secretsCiphertext: string | null; secretHints: unknown },
  incoming: Record<string, unknown>,
): Record<string, unknown> {
  const secrets = openDestinationSecrets(stored);
  const hints = (stored.secretHints ?? {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...((stored.config ?? {}) as object), ...secrets };
  for (const [key, value] of Object.entries(incoming)) {
    if (SECRET_FIELDS[stored.type as SupportedType]?.includes(key) && (value === hints[key] || value === "" || value === undefined)) continue;
    if (key === "headers" && typeof value === "object" && value !== null && !Array.isArray(value)) {
      merged.headers = mergeHeaders((merged.headers ?? {}) as Record<string, string>, value as Record<string, unknown>);
      continue;
    }
    merged[key] = value;
  }
  return merged;
}

function mergeHeaders(stored: Record<string, string>, incoming: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(incoming).map(([name, value]) => {
      const kept = stored[name];
      return [name, typeof kept === "string" && (value === "" || value === secretHint(kept)) ? kept : value];
    }),
  );
}
