// Per-account facts the request path needs (privacy settings, credit balance), cached briefly so a
// request does not wait on a query. Balances also subtract what this process has queued but not
// yet written. Committed privacy, account and instance-setting changes drop entries at once
// (lib/cache/entity-cache.ts; other instances through the change feed on PostgreSQL).
import { db } from "../db";
import { subscribeCache } from "../cache/entity-cache";
import { getInstanceSetting } from "../instance-settings";
import { pendingAccountCost } from "../metering/queue";

export const ACCOUNT_STATE_TTL_MS = 1_000;

/** `poolEnabled`: the instance's credit model (instance setting `credits.pool_enabled`); off, paid models need no credits. */
export type AccountState = { zdrOnly: boolean; promptLogging: boolean; creditBalanceMicros: bigint; poolEnabled: boolean };
type Entry = { value: Promise<AccountState>; at: number };
const g = globalThis as unknown as { __tollgateAccountState?: Map<string, Entry> };
const cache: Map<string, Entry> = (g.__tollgateAccountState ??= new Map());

export async function accountState(accountId: string): Promise<AccountState> {
  let entry = cache.get(accountId);
  if (!entry || Date.now() - entry.at > ACCOUNT_STATE_TTL_MS) {
    const value = db().then(async (client) => {
      const [account, credits] = await Promise.all([
        client.account.findUniqueOrThrow({ where: { id: accountId }, select: { zdrOnly: true, promptLogging: true, creditBalanceMicros: true } }),
        getInstanceSetting("credits", client),
      ]);
      return { ...account, poolEnabled: credits.pool_enabled };
    });
    entry = { value, at: Date.now() };
    cache.set(accountId, entry);
    value.catch(() => cache.delete(accountId));
  }
  const state = await entry.value;
  return { ...state, creditBalanceMicros: state.creditBalanceMicros - pendingAccountCost(accountId) };
}

export function invalidateAccountState(accountId: string): void {
  cache.delete(accountId);
}

export function invalidateAllAccountStates(): void {
  cache.clear();
}

subscribeCache("account-state", ["privacy", "account", "instance_setting"], (c) => (c.kind !== "instance_setting" && c.accountId ? cache.delete(c.accountId) : cache.clear()));
