// The sign-up policy (instance setting `sign_up`): open, invite-only (the default once a first user
// exists) or allowed email domains; an invitation link always lets the invited email sign up.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env";
import { signUpAction } from "@/app/(auth)/actions";
import { createInvitation } from "@/lib/services/invitations/create-invitation";
import { revokeInvitation } from "@/lib/services/invitations/revoke-invitation";
import { signUpUser } from "@/lib/services/users/sign-up-user";
import { INVITE_ONLY_MESSAGE } from "@/lib/services/instance/sign-up-policy";
import { expectAppError } from "@/lib/testing/expect-app-error";
import { callRoute } from "@/lib/testing/http";
import { createApiKeyFor, createOrganizationFor, DEFAULT_PASSWORD } from "@/prisma/factories";
import * as signUpRoute from "../settings/sign-up/route";

let seq = 0;
const person = (email = `p${++seq}-${Date.now()}@example.test`) => ({ email, name: `Person ${seq}`, password: DEFAULT_PASSWORD });
type User = Awaited<ReturnType<typeof signUpUser>>;
let operator: User, other: User;

const setPolicy = (body: unknown, userId = operator.id) => callRoute(signUpRoute.PATCH, { method: "PATCH", as: { userId }, body });

beforeAll(async () => {
  // This file tests the default: no TOLLGATE_SIGN_UP (the other integration tests run with it open).
  delete process.env.TOLLGATE_SIGN_UP;
  reloadEnv();
});

describe("sign-up policy", () => {
  it("the first user always signs up and administers the instance; then sign-up is invite-only by default", async () => {
    operator = await signUpUser({ input: person() });
    expect((await (await db()).user.findUniqueOrThrow({ where: { id: operator.id } })).isInstanceAdmin).toBe(true);
    const refused = await expectAppError(signUpUser({ input: person() }));
    expect(refused.status).toBe(403);
    expect(refused.message).toBe(INVITE_ONLY_MESSAGE);
    expect(INVITE_ONLY_MESSAGE).toBe("This instance is invite-only: ask an Admin for an invitation.");
    // The server action answers with the same message in the error envelope.
    const action = await signUpAction(person());
    expect(action.error).toMatchObject({ code: 403, message: INVITE_ONLY_MESSAGE, metadata: { reason: "forbidden" } });

    const res = await callRoute(signUpRoute.GET, { as: { userId: operator.id } });
    expect(res).toMatchObject({ status: 200, body: { data: { mode: "invite_only", domains: [], is_default: true } } });
  });

  it("only the instance admin changes it; bad input is a 400; every change is audited", async () => {
    const open = await setPolicy({ mode: "open" });
    expect(open).toMatchObject({ status: 200, body: { data: { mode: "open", domains: [], is_default: false } } });
    other = await signUpUser({ input: person() });
    const notAdmin = await setPolicy({ mode: "invite_only" }, other.id);
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.error.metadata.reason).toBe("forbidden");
    // Everyone signed in may read it.
    expect((await callRoute(signUpRoute.GET, { as: { userId: other.id } })).body.data.mode).toBe("open");
    // A management key of the instance admin's personal account may change it; one of anyone else's may not.
    const personal = await (await db()).account.findUniqueOrThrow({ where: { personalOwnerId: other.id } });
    const key = await createApiKeyFor(personal.id, "MANAGEMENT", other.id);
    expect((await callRoute(signUpRoute.PATCH, { method: "PATCH", as: { apiKey: key.key }, body: { mode: "open" } })).status).toBe(403);
    expect((await callRoute(signUpRoute.GET, { as: {} })).status).toBe(401);

    for (const bad of [{ mode: "closed" }, { mode: "domains" }, { mode: "domains", domains: ["not a domain"] }, { mode: "domains", domains: ["@x.test"] }, "[", { domains: 3 }]) {
      const res = await setPolicy(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.metadata.reason).toBe("bad_request");
    }
    expect((await callRoute(signUpRoute.GET, { as: { userId: operator.id } })).body.data.mode).toBe("open");
    const events = await (await db()).auditEvent.findMany({ where: { action: "instance.sign_up_policy", actorUserId: operator.id } });
    expect(events).toHaveLength(1);
    expect(events[0].metadata).toMatchObject({ from: { mode: "invite_only" }, to: { mode: "open" } });
  });

  it("allowed domains: an address at a listed domain signs up (any case), others are refused", async () => {
    const res = await setPolicy({ mode: "domains", domains: ["Acme.test", "lab.acme.test"] });
    expect(res.body.data).toEqual({ mode: "domains", domains: ["acme.test", "lab.acme.test"], is_default: false });
    await expect(signUpUser({ input: person(`ann-${seq}@ACME.test`) })).resolves.toMatchObject({ email: `ann-${seq}@acme.test` });
    await expect(signUpUser({ input: person(`bo-${seq}@lab.acme.test`) })).resolves.toBeTruthy();
    for (const email of [`eve-${seq}@evil.test`, `eve-${seq}@sub.acme.test`, `eve-${seq}@acme.test.evil.test`]) {
      const refused = await expectAppError(signUpUser({ input: person(email) }));
      expect(refused.status).toBe(403);
      expect(refused.message).toMatch(/acme\.test, lab\.acme\.test/);
    }
  });

  it("invite-only still lets a valid invitation link sign up the invited email, and only that", async () => {
    await setPolicy({ mode: "invite_only" });
    const { ctx } = await createOrganizationFor(operator.id);
    const invitee = person();
    const { token, invitation } = await createInvitation({ ctx, input: { email: invitee.email, role: "MEMBER" } });

    // Another email with this link, no link, a made-up link: refused.
    expect((await expectAppError(signUpUser({ input: { ...person(), invitationToken: token } }))).status).toBe(403);
    expect((await expectAppError(signUpUser({ input: invitee }))).message).toBe(INVITE_ONLY_MESSAGE);
    expect((await expectAppError(signUpUser({ input: { ...invitee, invitationToken: "made-up" } }))).status).toBe(403);

    const user = await signUpUser({ input: { ...invitee, email: invitee.email.toUpperCase(), invitationToken: token } });
    expect(user.email).toBe(invitee.email);

    // A revoked invitation no longer opens sign-up.
    const later = person();
    const second = await createInvitation({ ctx, input: { email: later.email, role: "MEMBER" } });
    await revokeInvitation({ ctx, id: second.invitation.id });
    expect((await expectAppError(signUpUser({ input: { ...later, invitationToken: second.token } }))).status).toBe(403);
    expect(invitation.email).toBe(invitee.email);
  });

  it("TOLLGATE_SIGN_UP sets the default until the operator chooses", async () => {
    await (await db()).instanceSetting.deleteMany({ where: { key: "sign_up" } });
    process.env.TOLLGATE_SIGN_UP = "open";
    reloadEnv();
    try {
      await expect(signUpUser({ input: person() })).resolves.toBeTruthy();
      expect((await callRoute(signUpRoute.GET, { as: { userId: operator.id } })).body.data).toEqual({ mode: "open", domains: [], is_default: true });
      await setPolicy({ mode: "invite_only" });
      expect((await expectAppError(signUpUser({ input: person() }))).status).toBe(403);
    } finally {
      delete process.env.TOLLGATE_SIGN_UP;
      reloadEnv();
    }
  });
});
