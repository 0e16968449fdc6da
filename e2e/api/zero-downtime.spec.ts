// Zero-downtime rotation as a measured fact: steady concurrent traffic on the old key, rotate,
// switch to the new key, revoke the old one, and count the failed requests (must be zero).
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "../fixtures";

test("rotating under steady traffic fails no request", async ({ page, baseURL }) => {
  await signUp(page, { name: "Zed Zero", email: uniqueEmail("zero") });
  const session = { "x-tollgate-account": "personal" };
  const mgmt = await (await page.request.post("/api/v1/keys", { headers: session, data: { name: "ops", kind: "management" } })).json();
  const inference = await (await page.request.post("/api/v1/keys", { headers: session, data: { name: "svc" } })).json();
  expect(inference.key).toMatch(/^sk-tg-v1-/);

  let current: string = inference.key;
  let stop = false;
  const results = { ok: 0, failed: 0, statuses: new Map<number, number>() };
  const worker = async () => {
    while (!stop) {
      const key = current;
      const res = await fetch(`${baseURL}/api/v1/key`, { headers: { authorization: `Bearer ${key}` } }).catch(() => null);
      const status = res?.status ?? 0;
      await res?.arrayBuffer();
      if (status === 200) results.ok++;
      else {
        results.failed++;
        results.statuses.set(status, (results.statuses.get(status) ?? 0) + 1);
      }
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  await sleep(1500);
  const rotated = await fetch(`${baseURL}/api/v1/keys/${inference.data.hash}/rotate`, {
    method: "POST",
    headers: { authorization: `Bearer ${mgmt.key}`, "content-type": "application/json" },
    body: JSON.stringify({ revoke_previous_after_seconds: 600 }),
  });
  expect(rotated.status).toBe(201);
  const successor = await rotated.json();
  await sleep(1000);
  current = successor.key; // the application switches
  await sleep(1000); // requests already in flight on the old key finish
  const revoked = await fetch(`${baseURL}/api/v1/keys/${inference.data.hash}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${mgmt.key}`, "content-type": "application/json" },
    body: JSON.stringify({ expires_at: new Date().toISOString() }),
  });
  expect(revoked.status).toBe(200);
  await sleep(1500);
  stop = true;
  await Promise.all(workers);

  console.log(`zero-downtime rotation: ${results.ok} requests succeeded, ${results.failed} failed`);
  expect(results.failed, JSON.stringify([...results.statuses])).toBe(0);
  expect(results.ok).toBeGreaterThan(100);
  expect((await fetch(`${baseURL}/api/v1/key`, { headers: { authorization: `Bearer ${inference.key}` } })).status).toBe(401);
});
