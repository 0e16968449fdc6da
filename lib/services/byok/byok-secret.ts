// Provider secrets at rest: AES-256-GCM bound to the account and provider, so a ciphertext copied
// into another account's (or provider's) row does not decrypt.
import { decryptSecret, encryptSecret, secretHint } from "../../crypto/secret-box";

export function byokAssociatedData(accountId: string, provider: string): string {
  return `byok:${accountId}:${provider}`;
}

export function sealByokSecret(accountId: string, provider: string, secret: string) {
  return { secretCiphertext: encryptSecret(secret, byokAssociatedData(accountId, provider)), label: secretHint(secret) };
}

export function openByokSecret(row: { accountId: string; provider: string; secretCiphertext: string }): string {
  return decryptSecret(row.secretCiphertext, byokAssociatedData(row.accountId, row.provider));
}
