// A local server that speaks AWS Bedrock's Converse API (POST /model/{id}/converse and
// /converse-stream), for the adapter's tests: it checks that the request is SigV4-signed for the
// bedrock service with the expected access key (an Authorization header of AWS4-HMAC-SHA256, a
// credential scope …/<region>/bedrock/aws4_request, x-amz-date and x-amz-content-sha256), answers in
// Converse's response shape, and streams with the AWS event-stream binary encoding (encoded by the
// SDK's own codec, @smithy/eventstream-codec), errors as {"message"} with x-amzn-errortype.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

export type FakeBedrockState = { mode: "text" | "tools" | "throttle"; lastBody: Record<string, unknown> | null; lastPath: string | null; lastAuthorization: string | null; lastSecurityToken: string | null };

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const event = (type: string, payload: unknown) =>
  codec.encode({ headers: { ":event-type": { type: "string", value: type }, ":message-type": { type: "string", value: "event" }, ":content-type": { type: "string", value: "application/json" } }, body: fromUtf8(JSON.stringify(payload)) });

const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let data = "";
  req.on("data", (c) => (data += c));
  req.on("end", () => resolve(data));
});

export function createFakeBedrock({ accessKeyId, region }: { accessKeyId: string; region: string }) {
  const state: FakeBedrockState = { mode: "text", lastBody: null, lastPath: null, lastAuthorization: null, lastSecurityToken: null };
  const server: Server = createServer(async (req, res) => {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const m = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(req.url ?? "");
    if (req.method !== "POST" || !m) return json(404, { message: "Not found" }, { "x-amzn-errortype": "UnknownOperationException" });
    const auth = String(req.headers.authorization ?? "");
    state.lastAuthorization = auth;
    state.lastSecurityToken = (req.headers["x-amz-security-token"] as string | undefined) ?? null;
    state.lastPath = req.url ?? null;
    const scope = new RegExp(`^AWS4-HMAC-SHA256 Credential=${accessKeyId}/\\d{8}/${region}/bedrock/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$`);
    if (!scope.test(auth) || !req.headers["x-amz-date"] || !req.headers["x-amz-content-sha256"]) return json(403, { message: "The request signature we calculated does not match the signature you provided." }, { "x-amzn-errortype": "InvalidSignatureException" });
    state.lastBody = JSON.parse(await read(req));
    if (state.mode === "throttle") return json(429, { message: "Too many requests, please wait before trying again." }, { "x-amzn-errortype": "ThrottlingException" });
    const usage = { inputTokens: 11, outputTokens: 5, totalTokens: 16 };
    const content = state.mode === "tools" ? [{ toolUse: { toolUseId: "tooluse_1", name: "get_weather", input: { city: "Paris" } } }] : [{ text: "Hello from Bedrock" }];
    const stopReason = state.mode === "tools" ? "tool_use" : "end_turn";
    if (m[2] === "converse") return json(200, { output: { message: { role: "assistant", content } }, stopReason, usage, metrics: { latencyMs: 5 } });
    res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
    const frames = [event("messageStart", { role: "assistant" })];
    if (state.mode === "tools") {
      frames.push(event("contentBlockStart", { contentBlockIndex: 0, start: { toolUse: { toolUseId: "tooluse_1", name: "get_weather" } } }));
      frames.push(event("contentBlockDelta", { contentBlockIndex: 0, delta: { toolUse: { input: '{"city":' } } }));
      frames.push(event("contentBlockDelta", { contentBlockIndex: 0, delta: { toolUse: { input: '"Paris"}' } } }));
    } else {
      frames.push(event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hello " } }));
      frames.push(event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "from Bedrock" } }));
    }
    frames.push(event("contentBlockStop", { contentBlockIndex: 0 }), event("messageStop", { stopReason }), event("metadata", { usage, metrics: { latencyMs: 5 } }));
    // Frames cut at arbitrary points, as TCP may deliver them.
    const all = Buffer.concat(frames.map((f) => Buffer.from(f)));
    for (let i = 0; i < all.length; i += 37) res.write(all.subarray(i, i + 37));
    res.end();
  });
  return {
    state,
    listen: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
