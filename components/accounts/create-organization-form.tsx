"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createOrganizationAction } from "@/app/(dashboard)/organizations/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fieldErrors } from "@/components/ui/field-errors";
import { Field, Input } from "@/components/ui/input";
import { suggestSlug } from "@/lib/validations/accounts";

export function CreateOrganizationForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    setFormError(undefined);
    const result = await createOrganizationAction({ name, slug });
    if (result.error) {
      setPending(false);
      const byField = fieldErrors(result.error);
      setErrors(byField);
      if (!Object.keys(byField).length) setFormError(result.error.message);
      return;
    }
    router.push(`/${result.data.slug}`);
    router.refresh();
  }

  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">Create an organization</h1>
      <p className="mt-1 text-sm text-muted">
        Share keys, credits, guardrails and activity with your team. You will be its Admin.
      </p>
      <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
        <Field label="Organization name" htmlFor="org-name" error={errors.name}>
          <Input
            id="org-name"
            value={name}
            autoFocus
            aria-invalid={Boolean(errors.name)}
            onChange={(e) => {
              setName(e.target.value);
              if (!slugEdited) setSlug(suggestSlug(e.target.value));
            }}
          />
        </Field>
        <Field label="URL" htmlFor="org-slug" error={errors.slug} hint={slug ? `Your dashboard will live at /${slug}` : "Lowercase letters, digits and hyphens."}>
          <div className="flex items-center rounded-md border border-border bg-surface focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-500/20">
            <span className="pl-3 text-sm text-muted">tollgate/</span>
            <Input
              id="org-slug"
              value={slug}
              className="border-0 pl-0.5 focus:ring-0"
              aria-invalid={Boolean(errors.slug)}
              onChange={(e) => {
                setSlugEdited(true);
                setSlug(e.target.value.toLowerCase());
              }}
            />
          </div>
        </Field>
        {formError ? (
          <p data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-500/10 dark:text-red-300">
            {formError}
          </p>
        ) : null}
        <div className="flex items-center justify-end gap-2 pt-2">
          <Link href="/personal" className="px-3 text-sm text-muted hover:text-fg">
            Cancel
          </Link>
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create organization"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
