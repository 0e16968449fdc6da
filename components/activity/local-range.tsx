"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** The window in the browser's own time zone, beside the UTC one the server rendered. */
export function LocalRange({ from, to }: { from: string; to: string }) {
  const text = useSyncExternalStore(
    subscribe,
    () => {
      const f = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
      return `${f.format(new Date(from))} – ${f.format(new Date(to))}`;
    },
    () => "",
  );
  return text ? <span data-testid="activity-local-range">Your time: {text}</span> : null;
}
