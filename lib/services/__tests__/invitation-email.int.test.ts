// Invitations are mailed when SMTP is configured: a real SMTP server on loopback receives them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadEnv } from "../../env";
import { callRoute } from "../../testing/http";
import { startSmtpServer } from "../../testing/smtp";
import { createOrganizationFor, createUser } from "../../../prisma/factories";
import * as invitationsRoute from "../../../app/api/v1/organization/invitations/route";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let received: typeof smtp.received;

beforeAll(async () => {
  process.env.SMTP_FROM = "Tollgate <tollgate@example.test>";
  smtp = await startSmtpServer();
  received = smtp.received;
});

afterAll(async () => {
  await smtp.close();
});

describe("invitation email", () => {
  it("sends the single-use link to the invitee and says so in the response", async () => {
    const admin = await createUser({ name: "Grace Admin" });
    const { account } = await createOrganizationFor(admin.id, { name: "Mail Org" });
    const res = await callRoute(invitationsRoute.POST as never, {
      method: "POST",
      as: { userId: admin.id, account: account.slug! },
      body: { email: "newbie@example.test", role: "MEMBER" },
    });
    expect(res.status).toBe(201);
    expect(res.body.emailed).toBe(true);
    const mail = received.find((m) => m.to.includes("newbie@example.test"));
    expect(mail?.from).toBe("tollgate@example.test");
    const body = mail!.data.replace(/=\r?\n/g, "");
    expect(body).toContain("Subject: Join Mail Org on Tollgate");
    expect(body).toContain("Grace Admin invited you to join Mail Org");
    expect(body).toContain(res.body.url);
  });

  it("a mail failure does not lose the invitation: the link is still returned", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    reloadEnv();
    const admin = await createUser();
    const { account } = await createOrganizationFor(admin.id);
    const res = await callRoute(invitationsRoute.POST as never, { method: "POST", as: { userId: admin.id, account: account.slug! }, body: { email: "x@example.test" } });
    expect(res.status).toBe(201);
    expect(res.body.emailed).toBe(false);
    expect(res.body.email_error).toBeTruthy();
    expect(res.body.url).toMatch(/\/invite\//);
  });
});
