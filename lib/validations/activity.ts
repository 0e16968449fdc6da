import { z } from "zod";
import { ACTIVITY_PERIODS, GROUP_BYS, METRICS } from "../charts/activity.prepare";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD (a UTC day).");
// PostgreSQL text cannot hold NUL: such a filter would fail in the database (a 500), not match nothing.
const optionalText = z.string().trim().min(1).max(500).refine((s) => !s.includes("\0"), "Must not contain a NUL character.").optional();

/** GET /api/v1/activity (API_CONTRACT §7). */
export const activityQuerySchema = z.object({
  date: day.optional(),
  api_key_hash: optionalText,
  user_id: optionalText,
  group_by: z.enum(["workspace"]).optional(),
  workspace_id: optionalText,
});
export type ActivityQueryInput = z.infer<typeof activityQuerySchema>;

const periodFields = {
  period: z.enum([...(Object.keys(ACTIVITY_PERIODS) as [keyof typeof ACTIVITY_PERIODS]), "custom"]).default("7d"),
  from: day.optional(),
  to: day.optional(),
};

const filterFields = {
  model: optionalText,
  api_key: optionalText,
  creator: optionalText,
  user: optionalText,
  provider: optionalText,
};

const groupBy = z.enum(Object.keys(GROUP_BYS) as [keyof typeof GROUP_BYS]);

/** GET /api/v1/activity/report: the Activity page's chart data. */
export const activityReportQuerySchema = z.object({
  ...periodFields,
  ...filterFields,
  group_by: groupBy.default("model"),
  metric: z.enum(Object.keys(METRICS) as [keyof typeof METRICS]).default("spend"),
});

/** GET /api/v1/activity/export: CSV or PDF of a period, grouped; `generation` = one CSV row per request. */
export const activityExportQuerySchema = z
  .object({
    ...periodFields,
    ...filterFields,
    format: z.enum(["csv", "pdf"]).default("csv"),
    group_by: z.enum([...(Object.keys(GROUP_BYS) as [keyof typeof GROUP_BYS]), "generation"]).default("model"),
  })
  .refine((q) => !(q.format === "pdf" && q.group_by === "generation"), { message: "A PDF report is grouped; per-generation rows are CSV only.", path: ["group_by"] });
export type ActivityExportQuery = z.infer<typeof activityExportQuerySchema>;

/** GET /api/v1/activity/generations: the Logs page, newest first, keyset-paginated. */
export const generationsQuerySchema = z.object({
  api_key: optionalText,
  model: optionalText,
  provider: optionalText,
  user: optionalText,
  status: z.enum(["success", "error"]).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type GenerationsQuery = z.infer<typeof generationsQuerySchema>;
