import { z } from "zod";

export const modelsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(500),
    offset: z.coerce.number().int().min(0).default(0),
    q: z.string().max(200).optional(),
    providers: z.string().max(500).optional(),
    zdr: z.enum(["true", "false"]).optional(),
    supported_parameters: z.string().max(500).optional(),
  })
  .passthrough();
