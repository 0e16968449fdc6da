// The outbound request policy: every URL a user gives Tollgate (Broadcast destinations and their test
// connection, webhooks, the S3 endpoint, custom provider base URLs) is resolved, every address checked
// (lib/net/address-policy.ts), and the connection made to a checked address only (a DNS lookup hook,
// so a rebinding answer cannot swap it), on every redirect hop. The operator opens hosts or ranges
// with TOLLGATE_OUTBOUND_ALLOW or the instance setting `outbound_allowlist` (Settings → Outbound requests).
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { badRequest } from "../api/errors";
import { env } from "../env";
import { getInstanceSetting } from "../instance-settings";
import { classifyAddress, describeKind, isAllowlisted, METADATA_HOSTS, parseAllowlist, splitAllowlist, type Allowlist, type BlockedKind, type Target } from "./address-policy";

export const ALLOWLIST_HINT = "allowlist it in Settings → Outbound requests or TOLLGATE_OUTBOUND_ALLOW";

export class OutboundRefusedError extends Error {
  constructor(
    public readonly target: Target,
    message: string,
  ) {
    super(message);
    this.name = "OutboundRefusedError";
  }
}

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const g = globalThis as unknown as { __tollgateOutboundResolver?: Resolver; __tollgateOutboundSetting?: { at: number; allow: Promise<Allowlist> }; __tollgateOutboundEnv?: { raw: string; allow: Allowlist } };

/** Tests: answer DNS lookups with this resolver (null restores the system's). */
export function setOutboundResolver(resolver: Resolver | null): void {
  g.__tollgateOutboundResolver = resolver ?? undefined;
}

function envAllowlist(): Allowlist {
  const raw = env().TOLLGATE_OUTBOUND_ALLOW ?? "";
  if (g.__tollgateOutboundEnv?.raw !== raw) g.__tollgateOutboundEnv = { raw, allow: parseAllowlist(splitAllowlist(raw)) };
  return g.__tollgateOutboundEnv.allow;
}

const SETTING_TTL_MS = 10_000;

/** The instance setting's allowlist, cached 10 s in each process (dropped at once by its writes here). */
function settingAllowlist(): Promise<Allowlist> {
  const cached = g.__tollgateOutboundSetting;
  if (cached && Date.now() - cached.at < SETTING_TTL_MS) return cached.allow;
  const allow = getInstanceSetting("outbound_allowlist")
    .then((entries) => parseAllowlist(entries))
    .catch((error: unknown) => {
      console.error("[tollgate] outbound allowlist setting unreadable; only TOLLGATE_OUTBOUND_ALLOW applies", error);
      return [] as Allowlist;
    });
  g.__tollgateOutboundSetting = { at: Date.now(), allow };
  return allow;
}

export function invalidateOutboundAllowlist(): void {
  g.__tollgateOutboundSetting = undefined;
}

const bare = (hostname: string) => hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
export const effectivePort = (url: URL) => (url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80);

function refusal(target: Target): OutboundRefusedError {
  const what = describeKind(target.kind);
  const subject = target.hostname === target.address ? `${target.address} is ${what}` : `${target.hostname} resolves to ${what} ${target.address}`;
  return new OutboundRefusedError(target, `${subject}; ${ALLOWLIST_HINT}.`);
}

/** Throws OutboundRefusedError unless the address is public or allowlisted (env first; the setting only when needed). */
async function checkAddress(hostname: string, port: number, address: string, forced?: BlockedKind): Promise<void> {
  const kind = forced ?? classifyAddress(address);
  if (!kind) return;
  const target: Target = { hostname, port, address, kind };
  if (isAllowlisted(envAllowlist(), target)) return;
  if (isAllowlisted(await settingAllowlist(), target)) return;
  throw refusal(target);
}

/**
 * The addresses a connection to hostname:port may use: every address it resolves to must pass (one
 * private answer among public ones refuses the host). DNS failures are thrown as they come.
 */
export async function resolveAllowed(hostname: string, port: number): Promise<ResolvedAddress[]> {
  const host = bare(hostname);
  if (isIP(host)) {
    await checkAddress(host, port, host);
    return [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  }
  // A metadata host is refused by its name, whether or not it resolves here.
  const isMetadataHost = METADATA_HOSTS.has(host);
  if (isMetadataHost) await checkAddress(host, port, host, "metadata");
  const addresses = await (g.__tollgateOutboundResolver ?? systemResolver)(host);
  if (!addresses.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  for (const { address } of addresses) await checkAddress(host, port, address, isMetadataHost ? "metadata" : undefined);
  return addresses;
}

/** Checks a URL (http/https) before a request: its host resolved and every address allowed. */
export async function assertOutboundUrl(url: string | URL): Promise<{ url: URL; addresses: ResolvedAddress[] }> {
  const parsed = typeof url === "string" ? new URL(url) : url;
  return { url: parsed, addresses: await resolveAllowed(parsed.hostname, effectivePort(parsed)) };
}

/**
 * A dns.lookup replacement for net/http/tls that resolves through the policy: the socket connects
 * only to addresses that were checked. `pinned` answers with addresses checked already (no second lookup).
 */
export function policyLookup(port: number, pinned?: ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const all = typeof options === "object" && options !== null && (options as { all?: boolean }).all === true;
    const family = typeof options === "object" && options !== null ? (options as { family?: number }).family : undefined;
    (pinned ? Promise.resolve(pinned) : resolveAllowed(hostname, port)).then(
      (addresses) => {
        const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if (!usable.length) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), "", 4);
        if (all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 4),
    );
  };
}

/**
 * Save time: a URL field whose host resolves to a refused address is a 400 naming the field and why.
 * A host that does not resolve (yet) is accepted: every request checks again.
 */
export async function assertUrlFieldAllowed(url: string, field: string): Promise<void> {
  try {
    await assertOutboundUrl(url);
  } catch (error) {
    if (error instanceof OutboundRefusedError) throw badRequest(`${field}: ${error.message}`, { field, reason_detail: "outbound_refused", address: error.target.address });
    if (error instanceof TypeError) return; // not a URL: the schema reports it
    const code = (error as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA") return;
    throw error;
  }
}
