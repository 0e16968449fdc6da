import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "../env";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "./client-address";

const g = globalThis as { __tollgateSocketAddressHeader?: boolean };
// env() without these would generate secrets into a data folder.
process.env.NEXTAUTH_SECRET ??= "unit-tests-secret-unit-tests-secret-unit-tests";
process.env.TOLLGATE_ENCRYPTION_KEY ??= "0".repeat(64);

afterEach(() => {
  delete process.env.TOLLGATE_TRUST_PROXY;
  delete g.__tollgateSocketAddressHeader;
  reloadEnv();
});

describe("clientAddress", () => {
  it("ignores X-Forwarded-For without TOLLGATE_TRUST_PROXY and uses the socket address serve.mjs sets", () => {
    g.__tollgateSocketAddressHeader = true;
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "198.51.100.2" });
    expect(clientAddress(headers)).toBe("198.51.100.2");
  });

  it("does not trust the socket header when no server of ours set it (next dev)", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "6.6.6.6" }))).toBeNull();
  });

  it("behind a trusted proxy takes the last X-Forwarded-For entry (the one the proxy appended)", () => {
    process.env.TOLLGATE_TRUST_PROXY = "true";
    reloadEnv();
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress({ "x-forwarded-for": "203.0.113.10" })).toBe("203.0.113.10");
  });
});
