"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Select } from "@/components/ui/select";

/** Picks the model the charts show; each option carries its own URL (?model=). */
export function ModelPicker({ value, options }: { value: string; options: { value: string; label: string; href: string }[] }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-muted">Model</span>
      <Select
        className="h-9 max-w-64"
        value={value}
        disabled={isPending}
        data-testid="uptime-model"
        onChange={(e) => {
          const href = options.find((o) => o.value === e.target.value)?.href;
          if (href) startTransition(() => router.push(href, { scroll: false }));
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </label>
  );
}
