// Budget and limit windows, all in UTC: days start at midnight, weeks on Monday, months on the 1st.
export type ResetWindow = "daily" | "weekly" | "monthly";

export function startOfUtcHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function startOfUtcWeek(at: Date): Date {
  const day = startOfUtcDay(at);
  const sinceMonday = (day.getUTCDay() + 6) % 7; // Sunday=0 -> 6, Monday=1 -> 0
  return new Date(day.getTime() - sinceMonday * 86_400_000);
}

export function startOfUtcMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function windowStart(window: ResetWindow, at: Date): Date {
  return window === "daily" ? startOfUtcDay(at) : window === "weekly" ? startOfUtcWeek(at) : startOfUtcMonth(at);
}

/** When the window that contains `at` ends (and the next one starts). */
export function nextReset(window: ResetWindow, at: Date): Date {
  const start = windowStart(window, at);
  if (window === "daily") return new Date(start.getTime() + 86_400_000);
  if (window === "weekly") return new Date(start.getTime() + 7 * 86_400_000);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}
