// GET /api/v1/key – the calling key: label, limit, usage (API_CONTRACT §4 CurrentKey). Any kind of key.
import { route } from "@/lib/api/handler";
import { toCurrentKeyResponse } from "@/lib/api/responses";
import { getCurrentKey } from "@/lib/services/api-keys/get-current-key";

export const GET = route({ keysOnly: true }, async ({ ctx }) => {
  return { data: toCurrentKeyResponse(await getCurrentKey({ ctx })) };
});
