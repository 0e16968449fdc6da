// The App Router route answers web Responses; the fast path writes a JsonReply as it is.
import type { GatewayReply } from "./reply";

export type { GatewayReply, JsonReply } from "./reply";

export function toWebResponse(reply: GatewayReply): Response {
  return reply instanceof Response ? reply : new Response(reply.json, { status: reply.status, headers: { ...reply.headers, "content-type": "application/json" } });
}
