// A real SMTP server on loopback for mail tests; SMTP_URL points at it until close().
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { reloadEnv } from "../env";

export type ReceivedMail = { from: string; to: string[]; data: string };

export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  reloadEnv();
  return {
    received,
    async close() {
      delete process.env.SMTP_URL;
      reloadEnv();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A mail's text with quoted-printable soft breaks and `=3D` undone, so links read whole. */
export const mailText = (mail: ReceivedMail) => mail.data.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
