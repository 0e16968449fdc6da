import { describe, expect, it } from "vitest";
import { classifyAddress, isAllowlisted, parseAllowEntry, parseAllowlist, splitAllowlist, type Target } from "./address-policy";

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.1.2", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["169.254.10.1", "link-local"],
    ["169.254.169.254", "metadata"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.254", "shared"],
    ["224.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fd00:ec2::254", "metadata"],
    ["ff02::1", "reserved"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(["8.8.8.8", "93.184.215.14", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e"])("%s is public", (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it("IPv6 forms that carry an IPv4 address are judged by that address", () => {
    expect(classifyAddress("::ffff:127.0.0.1")).toBe("loopback");
    expect(classifyAddress("::ffff:7f00:1")).toBe("loopback");
    expect(classifyAddress("::ffff:10.0.0.5")).toBe("private");
    expect(classifyAddress("::ffff:169.254.169.254")).toBe("metadata");
    expect(classifyAddress("64:ff9b::10.0.0.1")).toBe("private"); // NAT64
    expect(classifyAddress("2002:c0a8:0101::1")).toBe("private"); // 6to4 of 192.168.1.1
    expect(classifyAddress("::ffff:8.8.8.8")).toBeNull();
    expect(classifyAddress("[::1]")).toBe("loopback");
  });

  it("something that is not an address is never treated as public", () => {
    expect(classifyAddress("not-an-ip")).toBe("reserved");
  });
});

describe("allowlist", () => {
  const target = (hostname: string, address: string, port = 80): Target => ({ hostname, address, port, kind: classifyAddress(address)! });

  it("parses CIDR ranges, addresses, hosts, host:port and [v6]:port; rejects the rest with a message", () => {
    expect(parseAllowEntry("10.0.0.0/8")).toMatchObject({ type: "range", exact: false, port: null });
    expect(parseAllowEntry("10.1.2.3")).toMatchObject({ type: "range", exact: true, port: null });
    expect(parseAllowEntry("127.0.0.1:8080")).toMatchObject({ type: "range", exact: true, port: 8080 });
    expect(parseAllowEntry("[::1]:9000")).toMatchObject({ type: "range", exact: true, port: 9000 });
    expect(parseAllowEntry("fd00::/8")).toMatchObject({ type: "range" });
    expect(parseAllowEntry("Collector.Internal:4318")).toMatchObject({ type: "host", host: "collector.internal", port: 4318, wildcard: false });
    expect(parseAllowEntry("*.corp.example")).toMatchObject({ type: "host", host: "corp.example", wildcard: true });
    for (const bad of ["10.0.0.0/33", "host:99999", "host:abc", "http://x", "a b", ""]) expect(typeof parseAllowEntry(bad)).toBe("string");
    expect(() => parseAllowlist(["10.0.0.0/8", "10.0.0.0/40"])).toThrow(/10\.0\.0\.0\/40/);
    expect(splitAllowlist(" 10.0.0.0/8, ,localhost ")).toEqual(["10.0.0.0/8", "localhost"]);
  });

  it("a range lets in its addresses (also their IPv4-mapped form), no others", () => {
    const allow = parseAllowlist(["10.0.0.0/8", "::1"]);
    expect(isAllowlisted(allow, target("10.2.3.4", "10.2.3.4"))).toBe(true);
    expect(isAllowlisted(allow, target("svc.internal", "10.2.3.4"))).toBe(true);
    expect(isAllowlisted(allow, target("::ffff:10.2.3.4", "::ffff:10.2.3.4"))).toBe(true);
    expect(isAllowlisted(allow, target("192.168.0.1", "192.168.0.1"))).toBe(false);
    expect(isAllowlisted(allow, target("::1", "::1"))).toBe(true);
    expect(isAllowlisted(allow, target("127.0.0.1", "127.0.0.1"))).toBe(false);
  });

  it("a host matches by name (a wildcard by suffix), a port only that port", () => {
    const allow = parseAllowlist(["collector.internal:4318", "*.corp.example", "127.0.0.1:9000"]);
    expect(isAllowlisted(allow, target("collector.internal", "10.0.0.9", 4318))).toBe(true);
    expect(isAllowlisted(allow, target("collector.internal", "10.0.0.9", 4319))).toBe(false);
    expect(isAllowlisted(allow, target("a.corp.example", "192.168.4.4", 443))).toBe(true);
    expect(isAllowlisted(allow, target("corp.example.evil", "192.168.4.4", 443))).toBe(false);
    expect(isAllowlisted(allow, target("127.0.0.1", "127.0.0.1", 9000))).toBe(true);
    expect(isAllowlisted(allow, target("127.0.0.1", "127.0.0.1", 9001))).toBe(false);
  });

  it("a metadata address needs an exact entry: a broad range does not open it", () => {
    expect(isAllowlisted(parseAllowlist(["169.254.0.0/16"]), target("169.254.169.254", "169.254.169.254"))).toBe(false);
    expect(isAllowlisted(parseAllowlist(["169.254.0.0/16"]), target("169.254.1.1", "169.254.1.1"))).toBe(true);
    expect(isAllowlisted(parseAllowlist(["169.254.169.254"]), target("169.254.169.254", "169.254.169.254"))).toBe(true);
  });
});
