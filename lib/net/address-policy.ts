// Which addresses an outbound request may reach, and the operator's allowlist (pure, unit tested).
// Everything that is not a public unicast address is refused unless allowlisted: loopback,
// unspecified, link-local, private, CGNAT, unique local, multicast, reserved, cloud metadata, and the
// IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) are judged by that IPv4 address.
import ipaddr from "ipaddr.js";

export type BlockedKind = "loopback" | "unspecified" | "link-local" | "private" | "shared" | "metadata" | "reserved";

const KIND_LABELS: Record<BlockedKind, string> = {
  loopback: "a loopback address",
  unspecified: "an unspecified address",
  "link-local": "a link-local address",
  private: "a private address",
  shared: "a shared (CGNAT) address",
  metadata: "a cloud metadata address",
  reserved: "a reserved (non-public) address",
};
export const describeKind = (kind: BlockedKind) => KIND_LABELS[kind];

// Cloud instance metadata services: AWS/GCP/Azure/OpenStack 169.254.169.254, AWS IMDS over IPv6,
// Alibaba 100.100.100.200, Oracle 192.0.0.192. Also refused by name before any DNS lookup.
const METADATA_ADDRESSES = new Set(["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192"]);
export const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"]);

const V4_KINDS: Partial<Record<string, BlockedKind>> = { loopback: "loopback", unspecified: "unspecified", linkLocal: "link-local", private: "private", carrierGradeNat: "shared" };
const V6_KINDS: Partial<Record<string, BlockedKind>> = { loopback: "loopback", unspecified: "unspecified", linkLocal: "link-local", uniqueLocal: "private" };

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

/** IPv4 inside an IPv6 address (::ffff:a.b.c.d, 64:ff9b::a.b.c.d, 2002:aabb:ccdd::), else the address itself. */
function unwrap(ip: Ip): Ip {
  if (ip.kind() === "ipv4") return ip;
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  if (range === "ipv4Mapped" || range === "rfc6145") return v6.toIPv4Address();
  const p = v6.parts;
  if (range === "rfc6052") return new ipaddr.IPv4([p[6] >> 8, p[6] & 255, p[7] >> 8, p[7] & 255]);
  if (range === "6to4") return new ipaddr.IPv4([p[1] >> 8, p[1] & 255, p[2] >> 8, p[2] & 255]);
  return v6;
}

export function parseIp(address: string): Ip | null {
  const bare = address.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return null;
  try {
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
}

/** Why an address may not be reached, or null for a public unicast address. Not an IP: "reserved". */
export function classifyAddress(address: string): BlockedKind | null {
  const parsed = parseIp(address);
  if (!parsed) return "reserved";
  const ip = unwrap(parsed);
  if (METADATA_ADDRESSES.has(ip.toNormalizedString()) || METADATA_ADDRESSES.has(ip.toString())) return "metadata";
  const range = ip.range();
  if (range === "unicast") return null;
  return (ip.kind() === "ipv4" ? V4_KINDS[range] : V6_KINDS[range]) ?? "reserved";
}

type HostEntry = { type: "host"; host: string; wildcard: boolean; port: number | null; text: string };
type RangeEntry = { type: "range"; range: [Ip, number]; exact: boolean; port: number | null; text: string };
export type AllowEntry = HostEntry | RangeEntry;
export type Allowlist = readonly AllowEntry[];

const HOST_RE = /^(\*\.)?([a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*)$/;

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/**
 * One allowlist entry: a CIDR range (`10.0.0.0/8`, `fd00::/8`), an address (`10.1.2.3`, `::1`), a
 * host (`collector.internal`, `*.corp.example`), or any of the address/host forms with a port
 * (`127.0.0.1:8080`, `[::1]:8080`, `collector.internal:4318`). Returns an error message instead when invalid.
 */
export function parseAllowEntry(raw: string): AllowEntry | string {
  const text = raw.trim().toLowerCase();
  if (!text) return "An allowlist entry is empty.";
  if (text.includes("/")) {
    if (!ipaddr.isValidCIDR(text)) return `"${raw.trim()}" is not a CIDR range (e.g. 10.0.0.0/8 or fd00::/8).`;
    const [ip, bits] = ipaddr.parseCIDR(text);
    return { type: "range", range: [ip, bits], exact: bits === (ip.kind() === "ipv4" ? 32 : 128), port: null, text };
  }
  let host = text;
  let port: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    if (bracketed[2] !== undefined && (port = parsePort(bracketed[2])) === null) return `"${raw.trim()}" has an invalid port.`;
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const [h, p] = text.split(":");
    host = h;
    if ((port = parsePort(p)) === null) return `"${raw.trim()}" has an invalid port.`;
  }
  const ip = parseIp(host);
  if (ip) return { type: "range", range: [ip, ip.kind() === "ipv4" ? 32 : 128], exact: true, port, text };
  const m = HOST_RE.exec(host);
  if (!m || host.length > 253) return `"${raw.trim()}" is not a host name, host:port, address or CIDR range.`;
  return { type: "host", host: m[2], wildcard: Boolean(m[1]), port, text };
}

/** Parses every entry; throws an Error listing the invalid ones. */
export function parseAllowlist(entries: readonly string[]): Allowlist {
  const parsed = entries.map(parseAllowEntry);
  const errors = parsed.filter((e): e is string => typeof e === "string");
  if (errors.length) throw new Error(errors.join(" "));
  return parsed as AllowEntry[];
}

/** `TOLLGATE_OUTBOUND_ALLOW`: comma-separated entries (blanks ignored). */
export const splitAllowlist = (value: string | undefined) => (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);

export type Target = { hostname: string; port: number; address: string; kind: BlockedKind };

/**
 * Whether the allowlist lets this target through. A cloud metadata address needs an entry naming it
 * exactly (its address or its host): a broad range such as 169.254.0.0/16 does not open it.
 */
export function isAllowlisted(allow: Allowlist, target: Target): boolean {
  const hostname = target.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const parsed = parseIp(target.address);
  const candidates = parsed ? [parsed, unwrap(parsed)] : [];
  return allow.some((entry) => {
    if (entry.port !== null && entry.port !== target.port) return false;
    if (entry.type === "host") {
      if (entry.wildcard) return target.kind !== "metadata" && hostname.endsWith(`.${entry.host}`);
      return hostname === entry.host;
    }
    if (target.kind === "metadata" && !entry.exact) return false;
    return candidates.some((ip) => ip.kind() === entry.range[0].kind() && ip.match(entry.range));
  });
}
