// Series colours that read on the light and the dark surface alike.
export const SERIES_COLORS = ["#6366f1", "#10b981", "#f59e0b", "#f43f5e", "#0ea5e9", "#d946ef", "#84cc16", "#f97316"] as const;

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}
