// Roles, removals and revocations take effect on the next request: a management key acts with its
// creator's current role; a removed member's keys and a deleted organization's keys stop at once; on
// PostgreSQL a second app instance drops the same cache entries within a second (NOTIFY/LISTEN).
// And a key reads generations exactly as its creator's session would.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { callRoute, type As } from "../../testing/http";
import { postgresUrl } from "../../testing/test-database";
import { startChangeFeed, stopChangeFeed } from "../../cache/change-feed";
import { addMember, createApiKeyFor, createGenerations, createOrganizationFor, createPlainUser } from "../../../prisma/factories";
import * as membersRoute from "../../../app/api/v1/organization/members/route";
import * as memberRoute from "../../../app/api/v1/organization/members/[userId]/route";
import * as invitationsRoute from "../../../app/api/v1/organization/invitations/route";
import * as orgRoute from "../../../app/api/v1/organization/route";
import * as keyRoute from "../../../app/api/v1/key/route";
import * as keysRoute from "../../../app/api/v1/keys/[hash]/route";
import * as generationRoute from "../../../app/api/v1/generation/route";

beforeAll(async () => {
  await startChangeFeed();
});

afterAll(async () => {
  await stopChangeFeed();
});

async function org() {
  const [admin, other, member] = await Promise.all([createPlainUser(), createPlainUser(), createPlainUser()]);
  const { account } = await createOrganizationFor(admin.id);
  await addMember(account.id, other.id, "ADMIN");
  await addMember(account.id, member.id, "MEMBER");
  const asAdmin: As = { userId: admin.id, account: account.slug! };
  return { admin, other, member, account, asAdmin };
}

const key = (apiKey: string): As => ({ apiKey });
const demote = (as: As, userId: string, role = "MEMBER") => callRoute(memberRoute.PATCH as never, { method: "PATCH", as, params: { userId }, body: { role } });

describe("a management key acts with its creator's current role", () => {
  it("after its creator is demoted to Member, the next request is refused (members list, Admin invitation)", async () => {
    const { other, account, asAdmin } = await org();
    const mgmt = await createApiKeyFor(account.id, "MANAGEMENT", other.id);
    expect((await callRoute(membersRoute.GET as never, { as: key(mgmt.key) })).status).toBe(200);
    expect((await demote(asAdmin, other.id)).status).toBe(200);
    const listed = await callRoute(membersRoute.GET as never, { as: key(mgmt.key) });
    expect(listed.status).toBe(403);
    expect(listed.body.error).toMatchObject({ code: 403, metadata: { reason: "forbidden" } });
    const invite = await callRoute(invitationsRoute.POST as never, { method: "POST", as: key(mgmt.key), body: { email: `x-${account.id}@example.test`, role: "org:admin" } });
    expect(invite.status).toBe(403);
    expect(await (await db()).invitation.count({ where: { accountId: account.id } })).toBe(0);
    // Promoted again, the key administers again, also at once.
    expect((await demote(asAdmin, other.id, "ADMIN")).status).toBe(200);
    expect((await callRoute(membersRoute.GET as never, { as: key(mgmt.key) })).status).toBe(200);
  });

  it("a management key whose creator is a Member acts as a Member", async () => {
    const { member, account } = await org();
    const mgmt = await createApiKeyFor(account.id, "MANAGEMENT", member.id);
    expect((await callRoute(membersRoute.GET as never, { as: key(mgmt.key) })).status).toBe(403);
  });
});

describe("removals take effect on the next request", () => {
  it("a removed member's keys stop at once", async () => {
    const { member, account, asAdmin } = await org();
    const inference = await createApiKeyFor(account.id, "INFERENCE", member.id);
    expect((await callRoute(keyRoute.GET as never, { as: key(inference.key) })).status).toBe(200);
    expect((await callRoute(memberRoute.DELETE as never, { method: "DELETE", as: asAdmin, params: { userId: member.id } })).status).toBe(200);
    const after = await callRoute(keyRoute.GET as never, { as: key(inference.key) });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe(401);
  });

  it("a deleted organization's keys stop at once", async () => {
    const { admin, account, asAdmin } = await org();
    const inference = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    expect((await callRoute(keyRoute.GET as never, { as: key(inference.key) })).status).toBe(200);
    expect((await callRoute(orgRoute.DELETE as never, { method: "DELETE", as: asAdmin, body: { confirm_name: account.name } })).status).toBe(200);
    expect((await callRoute(keyRoute.GET as never, { as: key(inference.key) })).status).toBe(401);
  });
});

describe("a key reads generations as its creator's session would", () => {
  it("a Member's key sees only generations of the Member's own keys; an Admin's key every one of the account", async () => {
    const { admin, member, other, account } = await org();
    const memberKey = await createApiKeyFor(account.id, "INFERENCE", member.id);
    const otherKey = await createApiKeyFor(account.id, "INFERENCE", other.id);
    const adminKey = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    const [mine, theirs] = await createGenerations(account.id, [
      { apiKeyId: memberKey.id, keyCreatorId: member.id },
      { apiKeyId: otherKey.id, keyCreatorId: other.id },
    ]);
    const read = (apiKey: string, id: string) => callRoute(generationRoute.GET as never, { as: key(apiKey), path: `/?id=${id}` });
    expect((await read(memberKey.key, mine.id)).status).toBe(200);
    const refused = await read(memberKey.key, theirs.id);
    expect(refused.status).toBe(404);
    expect(refused.body.error.metadata.reason).toBe("not_found");
    // The same as the Member's session.
    expect((await callRoute(generationRoute.GET as never, { as: { userId: member.id, account: account.slug! }, path: `/?id=${theirs.id}` })).status).toBe(404);
    expect((await read(adminKey.key, theirs.id)).status).toBe(200);
    // A management key of the Member is scoped the same way.
    const memberMgmt = await createApiKeyFor(account.id, "MANAGEMENT", member.id);
    expect((await read(memberMgmt.key, theirs.id)).status).toBe(404);
  });
});

describe.runIf(postgresUrl())("with two app instances on one PostgreSQL", () => {
  let child: ChildProcess;
  let next: () => Promise<{ status: number; elapsedMs?: number }>;

  beforeAll(async () => {
    const [{ name }] = await (await db()).$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    const url = new URL(postgresUrl()!);
    url.pathname = `/${name}`;
    child = spawn(process.execPath, ["--import", "tsx", join(process.cwd(), "lib/testing/cache-instance-child.ts")], { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: ["pipe", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    next = async () => JSON.parse((await lines.next()).value as string);
    expect((await lines.next()).value).toBe("ready");
  }, 60_000);

  afterAll(async () => {
    child?.stdin?.end();
    await new Promise((r) => child?.once("exit", r));
  });

  const other = (apiKey: string, path: string, until?: number) => {
    child.stdin!.write(`${JSON.stringify({ apiKey, path, until, ms: 1000 })}\n`);
    return next();
  };

  it("a removed member's key stops on the other instance within a second", async () => {
    const { member, account, asAdmin } = await org();
    const inference = await createApiKeyFor(account.id, "INFERENCE", member.id);
    expect((await other(inference.key, "/api/v1/key")).status).toBe(200);
    expect((await callRoute(memberRoute.DELETE as never, { method: "DELETE", as: asAdmin, params: { userId: member.id } })).status).toBe(200);
    const seen = await other(inference.key, "/api/v1/key", 401);
    expect(seen.status).toBe(401);
    expect(seen.elapsedMs).toBeLessThan(1000);
  });

  it("a revoked key stops on the other instance within a second", async () => {
    const { admin, account } = await org();
    const mgmt = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
    const inference = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    expect((await other(inference.key, "/api/v1/key")).status).toBe(200);
    expect((await callRoute(keysRoute.DELETE as never, { method: "DELETE", as: key(mgmt.key), params: { hash: inference.hash } })).status).toBe(200);
    const seen = await other(inference.key, "/api/v1/key", 401);
    expect(seen).toMatchObject({ status: 401 });
    expect(seen.elapsedMs).toBeLessThan(1000);
  });

  it("a demotion is seen by the other instance within a second", async () => {
    const { other: creator, account, asAdmin } = await org();
    const mgmt = await createApiKeyFor(account.id, "MANAGEMENT", creator.id);
    expect((await other(mgmt.key, "/api/v1/organization/members")).status).toBe(200);
    expect((await demote(asAdmin, creator.id)).status).toBe(200);
    const seen = await other(mgmt.key, "/api/v1/organization/members", 403);
    expect(seen.status).toBe(403);
    expect(seen.elapsedMs).toBeLessThan(1000);
  });
});
