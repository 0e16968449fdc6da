// For the gateway: which of the account's own provider keys a request may use, decrypted, in try
// order, and whether the instance's shared capacity may serve it when they fail (or there are none).
// Not called with a Ctx: the gateway has already authenticated the inference key.
import { db } from "../../db";
import { openByokSecret } from "./byok-secret";

export type ProviderCredential = {
  id: string;
  provider: string;
  name: string | null;
  /** The decrypted provider secret: send it upstream, never log or return it. */
  secret: string;
  isFallback: boolean;
  sortOrder: number;
  declaredZdr: boolean | null;
};

export type ResolvedProviderCredentials = {
  /** Non-fallback keys by sort_order, then fallback keys by sort_order. */
  keys: ProviderCredential[];
  /** False when an applicable key is "always use this key" (is_byok_only), or is_required for this model. */
  sharedCapacityAllowed: boolean;
  /** Keys that apply but could not be decrypted (the encryption key changed); skipped, never fatal. */
  unreadableKeyIds: string[];
};

export type ResolveProviderCredentialsInput = {
  accountId: string;
  provider: string;
  /** The model as the request names it, e.g. "openai/gpt-4o"; allowed_models entries match it exactly. */
  model: string;
  /** SHA-256 hash of the calling API key (what allowed_api_key_hashes lists). */
  apiKeyHash: string | null;
  /** The user behind the request (the key's creator), for allowed_user_ids. */
  userId: string | null;
};

const list = (value: unknown): string[] | null => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : null);
const admits = (allowed: string[] | null, value: string | null) => allowed === null || (value !== null && allowed.includes(value));

export async function resolveProviderCredentials({ accountId, provider, model, apiKeyHash, userId }: ResolveProviderCredentialsInput): Promise<ResolvedProviderCredentials> {
  if (!accountId) throw new Error("resolveProviderCredentials needs an accountId.");
  const rows = await (await db()).byokKey.findMany({
    where: { accountId, provider: provider.trim().toLowerCase(), disabled: false },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    omit: { secretCiphertext: false },
  });

  // A key governs a request when its caller restrictions (API keys, users) let the request through;
  // it serves the request when, in addition, its allowed_models admit the model. "Always use this
  // key" takes shared capacity away for every model of the provider; is_required only for the
  // models the key serves (all of them when allowed_models is null).
  const governing = rows.filter((k) => admits(list(k.allowedApiKeyHashes), apiKeyHash) && admits(list(k.allowedUserIds), userId));
  const serving = governing.filter((k) => admits(list(k.allowedModels), model));
  const sharedCapacityAllowed = !governing.some((k) => k.isByokOnly) && !serving.some((k) => k.isRequired);

  const keys: ProviderCredential[] = [];
  const unreadableKeyIds: string[] = [];
  const ordered = [...serving.filter((k) => !k.isFallback), ...serving.filter((k) => k.isFallback)];
  for (const k of ordered) {
    let secret: string;
    try {
      secret = openByokSecret(k);
    } catch {
      console.error(`[byok] provider key ${k.id} of account ${k.accountId} cannot be decrypted (was TOLLGATE_ENCRYPTION_KEY changed?); skipped`);
      unreadableKeyIds.push(k.id);
      continue;
    }
    keys.push({ id: k.id, provider: k.provider, name: k.name, secret, isFallback: k.isFallback, sortOrder: k.sortOrder, declaredZdr: k.declaredZdr });
  }
  return { keys, sharedCapacityAllowed, unreadableKeyIds };
}
