// Outgoing mail, when SMTP_URL is configured (nodemailer). Without it, nothing is sent and callers
// show the link to copy instead. Sending never fails the action that triggered it.
import nodemailer from "nodemailer";
import { env } from "./env";

export type MailResult = { sent: boolean; error?: string };

export function isMailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

export async function sendMail(message: { to: string; subject: string; text: string; html?: string }): Promise<MailResult> {
  const { SMTP_URL, SMTP_FROM } = env();
  if (!SMTP_URL) return { sent: false };
  try {
    const transport = nodemailer.createTransport(SMTP_URL);
    await transport.sendMail({ from: SMTP_FROM, ...message });
    return { sent: true };
  } catch (error) {
    console.error("[mail] sending failed:", (error as Error).message);
    return { sent: false, error: (error as Error).message };
  }
}

export function invitationEmail({ orgName, inviter, role, url, expiresAt }: { orgName: string; inviter: string | null; role: string; url: string; expiresAt: Date }) {
  const who = inviter ? `${inviter} invited you` : "You are invited";
  const text = `${who} to join ${orgName} on Tollgate as ${role}.\n\nAccept the invitation: ${url}\n\nThe link works once and expires on ${expiresAt.toUTCString()}.`;
  return { subject: `Join ${orgName} on Tollgate`, text };
}

export function passwordResetEmail({ url, expiresAt }: { url: string; expiresAt: Date }) {
  const text = `Someone asked to reset the password of your Tollgate account.\n\nChoose a new password: ${url}\n\nThe link works once and expires at ${expiresAt.toUTCString()}. If it was not you, ignore this mail: your password stays as it is.`;
  return { subject: "Reset your Tollgate password", text };
}
