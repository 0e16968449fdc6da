// Instance-wide settings (the operator's, i.e. the instance admin's): one `instance_settings` row a key,
// its JSON value checked by that key's zod schema. A key without a row reads as its schema's default.
// Add a key by adding its schema to INSTANCE_SETTINGS; read with getInstanceSetting, write with
// setInstanceSetting (inside the caller's transaction when it has one).
import { z } from "zod";
import { db, type Tx } from "./db";
import { usdAmountSchema } from "./money";
import { parseAllowEntry } from "./net/address-policy";
import { signUpPolicySchema } from "./validations/instance";

export const creditsInstanceSettingSchema = z
  .object({
    /** Credits every new personal account starts with (USD), granted at sign-up. */
    new_personal_grant_usd: usdAmountSchema.refine((n) => n >= 0, "The grant cannot be negative.").default(0),
    /** Off: paid models need no credits (no pool check, no pool hold); spend is still metered. */
    pool_enabled: z.boolean().default(true),
  })
  .strict();

export const INSTANCE_SETTINGS = {
  // Unset until the operator chooses: lib/services/instance/sign-up-policy.ts supplies the default.
  sign_up: signUpPolicySchema.optional(),
  credits: creditsInstanceSettingSchema.default({ new_personal_grant_usd: 0, pool_enabled: true }),
  // Hosts, host:port and CIDR ranges outbound requests may reach although private (lib/net/outbound-policy.ts).
  outbound_allowlist: z
    .array(z.string().trim().toLowerCase().min(1, "An entry is empty.").max(300, "An entry is too long."))
    .max(200, "Use at most 200 entries.")
    .superRefine((entries, ctx) => {
      entries.forEach((entry, i) => {
        const parsed = parseAllowEntry(entry);
        if (typeof parsed === "string") ctx.addIssue({ code: "custom", path: [i], message: parsed });
      });
    })
    .transform((entries) => [...new Set(entries)])
    .default([]),
} satisfies Record<string, z.ZodType>;

export type InstanceSettingKey = keyof typeof INSTANCE_SETTINGS;
export type InstanceSettingValue<K extends InstanceSettingKey> = z.infer<(typeof INSTANCE_SETTINGS)[K]>;

type Client = Pick<Tx, "instanceSetting">;

export async function getInstanceSetting<K extends InstanceSettingKey>(key: K, client?: Client): Promise<InstanceSettingValue<K>> {
  const c = client ?? (await db());
  const row = await c.instanceSetting.findUnique({ where: { key } });
  const schema = INSTANCE_SETTINGS[key] as z.ZodType;
  // A stored value that no longer parses (a schema changed) falls back to the default rather than failing.
  const parsed = schema.safeParse(row?.value ?? undefined);
  return (parsed.success ? parsed.data : schema.parse(undefined)) as InstanceSettingValue<K>;
}

export async function setInstanceSetting<K extends InstanceSettingKey>(key: K, value: InstanceSettingValue<K>, client?: Client): Promise<InstanceSettingValue<K>> {
  const c = client ?? (await db());
  const parsed = (INSTANCE_SETTINGS[key] as z.ZodType).parse(value) as InstanceSettingValue<K>;
  await c.instanceSetting.upsert({ where: { key }, create: { key, value: parsed as never }, update: { value: parsed as never } });
  return parsed;
}
