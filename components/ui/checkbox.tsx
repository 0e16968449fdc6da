import { cn } from "./cn";

/** A labelled checkbox with an optional hint underneath (toggles in forms). */
export function CheckboxField({
  id,
  label,
  hint,
  className,
  ...props
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, "type"> & { id: string; label: string; hint?: React.ReactNode }) {
  return (
    <div className={cn("flex items-start gap-3", className)}>
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 h-4 w-4 shrink-0 rounded border-border accent-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-50"
        {...props}
      />
      <div className="space-y-0.5">
        <label htmlFor={id} className={cn("block text-sm font-medium text-fg", props.disabled && "opacity-60")}>
          {label}
        </label>
        {hint ? <p className="text-xs text-muted">{hint}</p> : null}
      </div>
    </div>
  );
}
