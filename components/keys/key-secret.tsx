"use client";

import { AlertTriangle } from "lucide-react";
import { CopyField } from "@/components/ui/copy-field";

/** The plaintext of a key, shown exactly once. */
export function KeySecret({ secret }: { secret: string }) {
  return (
    <div className="space-y-3">
      <p className="flex items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-500/10 dark:text-amber-200">
        <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" />
        Copy this key now. It is shown only once: Tollgate keeps only its hash.
      </p>
      <CopyField value={secret} testId="new-key-secret" />
    </div>
  );
}
