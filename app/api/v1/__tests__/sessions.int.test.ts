// Server-side sessions: every request checks the JWT's session row, so a revoke (one session, or
// sign out everywhere) ends it on the next request; the list, last seen, and other users' sessions.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import { forgetSessions, LAST_SEEN_RESOLUTION_MS } from "@/lib/services/sessions/session-store";
import { callRoute, sessionToken } from "@/lib/testing/http";
import { createApiKeyFor, createUser } from "@/prisma/factories";
import * as sessionsRoute from "../sessions/route";
import * as sessionRoute from "../sessions/[id]/route";
import * as revokeAllRoute from "../sessions/revoke-all/route";
import * as keysRoute from "../keys/route";

/** Signs in as next-auth does: the jwt callback of a fresh sign-in creates the session row. */
async function signIn(userId: string, request = { userAgent: "Mozilla/5.0 Firefox/140.0", ip: "203.0.113.7" }) {
  const token = await authOptions(request).callbacks!.jwt!({ token: {}, user: { id: userId } } as never);
  return token.sid as string;
}

const list = (userId: string, sessionId: string) => callRoute(sessionsRoute.GET, { as: { userId, sessionId } });

describe("sessions", () => {
  it("a sign-in records the device and address, and the list marks the current session", async () => {
    const user = await createUser();
    const phone = await signIn(user.id, { userAgent: "Mozilla/5.0 (iPhone) Safari", ip: "198.51.100.4" });
    const laptop = await signIn(user.id);
    const res = await list(user.id, laptop);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    const byId = Object.fromEntries(res.body.data.map((s: { id: string }) => [s.id, s]));
    expect(byId[laptop]).toMatchObject({ user_agent: "Mozilla/5.0 Firefox/140.0", ip: "203.0.113.7", is_current: true });
    expect(byId[phone]).toMatchObject({ user_agent: "Mozilla/5.0 (iPhone) Safari", ip: "198.51.100.4", is_current: false });
    expect(Date.parse(byId[phone].created_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(byId[phone].last_seen_at).toEqual(expect.any(String));
  });

  it("revoking a session ends it on its next request; the other session keeps working", async () => {
    const user = await createUser();
    const [a, b] = [await signIn(user.id), await signIn(user.id)];
    expect((await list(user.id, b)).status).toBe(200); // cached as active
    const revoked = await callRoute(sessionRoute.DELETE, { method: "DELETE", as: { userId: user.id, sessionId: a }, params: { id: b } });
    expect(revoked).toMatchObject({ status: 200, body: { deleted: true } });
    const after = await list(user.id, b);
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ code: 401, metadata: { reason: "unauthorized" } });
    expect((await list(user.id, a)).status).toBe(200);
    // Revoking it again, or an id that does not exist, is a 404.
    expect((await callRoute(sessionRoute.DELETE, { method: "DELETE", as: { userId: user.id, sessionId: a }, params: { id: b } })).status).toBe(404);
    expect((await callRoute(sessionRoute.DELETE, { method: "DELETE", as: { userId: user.id, sessionId: a }, params: { id: "nope" } })).status).toBe(404);
  });

  it("sign out everywhere ends every session of the user, this one too, and no one else's", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const sessions = [await signIn(user.id), await signIn(user.id), await signIn(user.id)];
    const others = await signIn(other.id);
    const res = await callRoute(revokeAllRoute.POST, { method: "POST", as: { userId: user.id, sessionId: sessions[0] } });
    expect(res).toMatchObject({ status: 200, body: { data: { revoked: 3 } } });
    for (const sid of sessions) expect((await list(user.id, sid)).status).toBe(401);
    expect((await list(other.id, others)).status).toBe(200);
    const events = await (await db()).auditEvent.findMany({ where: { actorUserId: user.id, action: "session.revoke_all" } });
    expect(events).toHaveLength(1);
  });

  it("a revoke on another instance takes effect once the short cache entry expires", async () => {
    const user = await createUser();
    const sid = await signIn(user.id);
    expect((await list(user.id, sid)).status).toBe(200);
    // Another instance revokes it directly in the database; this one forgets its cache entry (as after CACHE_MS).
    await (await db()).session.update({ where: { id: sid }, data: { revokedAt: new Date() } });
    forgetSessions([sid]);
    expect((await list(user.id, sid)).status).toBe(401);
  });

  it("never lists, revokes or accepts another user's session", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const mine = await signIn(user.id);
    const theirs = await signIn(other.id);
    expect((await list(user.id, mine)).body.data.map((s: { id: string }) => s.id)).toEqual([mine]);
    const res = await callRoute(sessionRoute.DELETE, { method: "DELETE", as: { userId: user.id, sessionId: mine }, params: { id: theirs } });
    expect(res.status).toBe(404);
    expect((await list(other.id, theirs)).status).toBe(200);
    // A JWT naming another user's session is refused.
    expect((await list(user.id, theirs)).status).toBe(401);
  });

  it("refuses a JWT without a session id, an expired session, and API keys", async () => {
    const user = await createUser();
    const cookie = await sessionToken({ sub: user.id });
    const noSid = await sessionsRoute.GET(new (await import("next/server")).NextRequest("http://localhost/api/v1/sessions", { headers: { cookie } }), {});
    expect(noSid.status).toBe(401);

    const sid = await signIn(user.id);
    await (await db()).session.update({ where: { id: sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    forgetSessions([sid]);
    expect((await list(user.id, sid)).status).toBe(401);

    const personal = await (await db()).account.findUniqueOrThrow({ where: { personalOwnerId: user.id } });
    const key = await createApiKeyFor(personal.id, "MANAGEMENT", user.id);
    expect((await callRoute(sessionsRoute.GET, { as: { apiKey: key.key } })).status).toBe(403);
    // Ordinary routes check the session too.
    expect((await callRoute(keysRoute.GET, { as: { userId: user.id, sessionId: sid } })).status).toBe(401);
  });

  it("updates last seen at most once a minute", async () => {
    const user = await createUser();
    const sid = await signIn(user.id);
    const client = await db();
    const old = new Date(Date.now() - 2 * LAST_SEEN_RESOLUTION_MS);
    await client.session.update({ where: { id: sid }, data: { lastSeenAt: old } });
    forgetSessions([sid]);
    await list(user.id, sid);
    const seen = (await client.session.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt;
    expect(seen.getTime()).toBeGreaterThan(old.getTime() + LAST_SEEN_RESOLUTION_MS);
    forgetSessions([sid]);
    await list(user.id, sid);
    expect((await client.session.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt).toEqual(seen);
  });

  it("signing out ends the session server-side", async () => {
    const user = await createUser();
    const sid = await signIn(user.id);
    await authOptions().events!.signOut!({ token: { sub: user.id, sid }, session: undefined as never });
    expect((await list(user.id, sid)).status).toBe(401);
  });
});
