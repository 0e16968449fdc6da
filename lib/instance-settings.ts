// Instance-wide settings (the operator's, i.e. the instance admin's): one `instance_settings` row a key,
// its JSON value checked by that key's zod schema. A key without a row reads as its schema's default.
// Add a key by adding its schema to INSTANCE_SETTINGS; read with getInstanceSetting, write with
// setInstanceSetting (inside the caller's transaction when it has one).
import { z } from "zod";
import { db, type Tx } from "./db";
import { signUpPolicySchema } from "./validations/instance";

export const INSTANCE_SETTINGS = {
  // Unset until the operator chooses: lib/services/instance/sign-up-policy.ts supplies the default.
  sign_up: signUpPolicySchema.optional(),
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
