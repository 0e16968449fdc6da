// Money is integer micro-dollars (1 USD = 1_000_000) everywhere inside Tollgate; the API speaks USD
// numbers (API_CONTRACT) and converts at the edge.
import { z } from "zod";

export const MICROS_PER_USD = 1_000_000n;

export function usdToMicros(usd: number): bigint {
  return BigInt(Math.round(usd * 1_000_000));
}

export function microsToUsd(micros: bigint): number {
  return Number(micros) / 1_000_000;
}

/** "$1,234.56" (or more decimals for sub-cent amounts). */
export function formatUsd(micros: bigint): string {
  const usd = microsToUsd(micros);
  const abs = Math.abs(usd);
  const digits = abs !== 0 && abs < 0.01 ? 6 : 2;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: digits }).format(usd);
}

/** Exact USD with 6 decimals from micro-dollars: "-0.000123", "12.500000". */
export function usdString(micros: bigint): string {
  const sign = micros < 0n ? "-" : "";
  const abs = micros < 0n ? -micros : micros;
  return `${sign}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, "0")}`;
}

/** A USD amount as the API accepts it: finite, at most 6 decimals, within ±$1,000,000. */
export const usdAmountSchema = z
  .number({ error: "Enter an amount in USD." })
  .finite()
  .min(-1_000_000, "At most $1,000,000 at a time.")
  .max(1_000_000, "At most $1,000,000 at a time.")
  .refine((n) => Math.abs(n * 1_000_000 - Math.round(n * 1_000_000)) < 1e-6, "Use at most 6 decimal places.");
