// Display formatting shared by pages. Dates render in UTC so servers and browsers agree.
const DATE = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

export function formatDate(date: Date): string {
  return DATE.format(date);
}

export function formatRelative(date: Date, now = Date.now()): string {
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 60) return "just now";
  const units: [number, string][] = [
    [60, "minute"],
    [3600, "hour"],
    [86400, "day"],
    [2592000, "month"],
    [31536000, "year"],
  ];
  let unit = units[0];
  for (const u of units) if (seconds >= u[0]) unit = u;
  const n = Math.floor(seconds / unit[0]);
  return `${n} ${unit[1]}${n === 1 ? "" : "s"} ago`;
}

const INTEGER = new Intl.NumberFormat("en");

/** Milliseconds: "840 ms", "1.24 s"; unknown is a dash. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A fraction as a percentage: 1 -> "100%", 0.99531 -> "99.53%"; never rounds a failure up to 100%. */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return "—";
  if (fraction >= 1) return "100%";
  if (fraction <= 0) return "0%";
  const floored = Math.floor(fraction * 10_000 + 1e-6) / 100; // + epsilon: 0.29 * 10000 is 2899.99…
  return `${floored.toFixed(2).replace(/\.?0+$/, "")}%`;
}

export function formatCount(n: number): string {
  return INTEGER.format(n);
}

/** Output tokens per second: "87 tok/s"; unknown is a dash. */
export function formatThroughput(tokensPerSecond: number | null): string {
  if (tokensPerSecond === null || !Number.isFinite(tokensPerSecond)) return "—";
  return `${tokensPerSecond >= 100 ? INTEGER.format(Math.round(tokensPerSecond)) : tokensPerSecond.toFixed(1)} tok/s`;
}
