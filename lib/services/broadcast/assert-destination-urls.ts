import { URL_FIELDS, type SupportedType } from "../../broadcast/types";
import { assertUrlFieldAllowed } from "../../net/outbound-policy";

/** Save time: each URL the config sets must pass the outbound policy (400 naming `config.<field>` otherwise). */
export async function assertDestinationUrls(type: SupportedType, config: Record<string, unknown>): Promise<void> {
  for (const field of URL_FIELDS[type]) {
    const value = config[field];
    if (typeof value === "string" && value.trim()) await assertUrlFieldAllowed(value.trim(), `config.${field}`);
  }
}
