import { z } from "zod";

/** limit/offset as the OpenRouter SDK sends them (API_CONTRACT §3); defaults when it sends none. */
export const paginationSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
