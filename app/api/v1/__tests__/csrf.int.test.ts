// Issue 14, CSRF: a state-changing /api/v1 call authenticated by the session cookie needs the
// x-tollgate-account header or a same-origin Origin, and a JSON body; otherwise 403 and nothing is
// written. Reads and API-key callers are unaffected.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callRoute } from "@/lib/testing/http";
import { createApiKeyFor, createUser, personalCtx } from "@/prisma/factories";
import * as keysRoute from "../keys/route";
import * as keyRoute from "../keys/[hash]/route";

let userId: string;
let accountId: string;
let management: string;

beforeAll(async () => {
  const user = await createUser();
  userId = user.id;
  accountId = (await personalCtx(user.id)).account.id;
  management = (await createApiKeyFor(accountId, "MANAGEMENT", user.id)).key;
});

const keyCount = async () => (await db()).apiKey.count({ where: { accountId } });
const form = "name=forged";

describe("session writes from another site", () => {
  it("refuses a cross-site form (text/plain, urlencoded, multipart) or fetch without the header: 403, nothing created", async () => {
    const before = await keyCount();
    const refused: { headers: Record<string, string>; body: string }[] = [
      { headers: { origin: "http://evil.example", "content-type": "text/plain" }, body: JSON.stringify({ name: "forged" }) },
      { headers: { origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" }, body: form },
      { headers: { origin: "http://evil.example", "content-type": "multipart/form-data; boundary=x" }, body: `--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nforged\r\n--x--` },
      { headers: { origin: "http://evil.example", "content-type": "application/json" }, body: JSON.stringify({ name: "forged" }) },
      { headers: { origin: "null", "content-type": "application/json" }, body: JSON.stringify({ name: "forged" }) },
      { headers: { origin: "", "content-type": "application/json" }, body: JSON.stringify({ name: "forged" }) },
      { headers: { origin: "http://localhost.evil.example", "content-type": "application/json" }, body: JSON.stringify({ name: "forged" }) },
      // same origin but not JSON: a same-site form post
      { headers: { "content-type": "application/x-www-form-urlencoded" }, body: form },
      { headers: { "content-type": "text/plain;charset=UTF-8" }, body: JSON.stringify({ name: "forged" }) },
      // the account header but a form body
      { headers: { origin: "", "x-tollgate-account": "personal", "content-type": "text/plain" }, body: JSON.stringify({ name: "forged" }) },
    ];
    for (const { headers, body } of refused) {
      const res = await callRoute(keysRoute.POST as never, { method: "POST", as: { userId }, headers, body });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.error).toMatchObject({ code: 403, metadata: { reason: "forbidden" } });
    }
    expect(await keyCount()).toBe(before);
  });

  it("refuses a cross-site DELETE without a body too", async () => {
    const created = await callRoute(keysRoute.POST as never, { method: "POST", as: { apiKey: management }, body: { name: "keep me" } });
    const del = await callRoute(keyRoute.DELETE as never, { method: "DELETE", as: { userId }, headers: { origin: "http://evil.example" }, params: { hash: created.body.data.hash } });
    expect(del.status).toBe(403);
    expect((await callRoute(keyRoute.GET as never, { as: { apiKey: management }, params: { hash: created.body.data.hash } })).status).toBe(200);
  });

  it("allows our own pages: the account header, or a same-origin Origin, with JSON", async () => {
    const before = await keyCount();
    const viaHeader = await callRoute(keysRoute.POST as never, { method: "POST", as: { userId, account: "personal" }, headers: { origin: "" }, body: { name: "header" } });
    expect(viaHeader.status).toBe(201);
    const viaOrigin = await callRoute(keysRoute.POST as never, { method: "POST", as: { userId }, headers: { "content-type": "application/json; charset=utf-8" }, body: { name: "origin" } });
    expect(viaOrigin.status).toBe(201);
    const del = await callRoute(keyRoute.DELETE as never, { method: "DELETE", as: { userId, account: "personal" }, params: { hash: viaOrigin.body.data.hash } });
    expect(del.status).toBe(200);
    expect(await keyCount()).toBe(before + 1);
  });

  it("leaves reads and API-key callers alone", async () => {
    expect((await callRoute(keysRoute.GET as never, { as: { userId }, headers: { origin: "http://evil.example" } })).status).toBe(200);
    const byKey = await callRoute(keysRoute.POST as never, { method: "POST", as: { apiKey: management }, headers: { origin: "http://evil.example" }, body: { name: "sdk" } });
    expect(byKey.status).toBe(201);
  });
});
