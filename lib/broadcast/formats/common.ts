import type { DestinationConfig } from "../types";

export const trimSlash = (url: string) => url.replace(/\/+$/, "");
export const str = (config: DestinationConfig, key: string, fallback = ""): string => (typeof config[key] === "string" && config[key] ? (config[key] as string) : fallback);
/** Extra headers from the destination's config (every type may carry `headers`). */
export const extraHeaders = (config: DestinationConfig): Record<string, string> => ({ ...(config.headers ?? {}) });

/** JSON with BigInt written as a bare integer (nanosecond timestamps exceed 2^53). */
export function jsonWithBigInt(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `#bigint:${v.toString()}` : v)).replace(/"#bigint:(-?\d+)"/g, "$1");
}

export const toNs = (iso: string) => BigInt(new Date(iso).getTime()) * 1_000_000n;
