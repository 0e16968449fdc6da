"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";

/** A read-only value with a copy button (links and secrets shown once). */
export function CopyField({ value, testId }: { value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-center gap-2 rounded-md border border-border bg-bg p-2">
      <code className="min-w-0 flex-1 truncate text-xs" data-testid={testId}>
        {value}
      </code>
      <button
        type="button"
        className="rounded p-1.5 text-muted hover:bg-black/5 hover:text-fg dark:hover:bg-white/10"
        aria-label="Copy"
        onClick={async () => {
          await navigator.clipboard?.writeText(value).catch(() => undefined);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }}
      >
        {copied ? <Check className="h-4 w-4 text-emerald-600" /> : <Copy className="h-4 w-4" />}
      </button>
    </div>
  );
}
