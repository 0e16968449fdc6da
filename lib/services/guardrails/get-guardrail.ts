import { db } from "../../db";
import type { Ctx } from "../context";
import { findGuardrail } from "./guardrail-access";

export async function getGuardrail({ ctx, id }: { ctx: Ctx; id: string }) {
  return findGuardrail(await db(), ctx, id);
}
