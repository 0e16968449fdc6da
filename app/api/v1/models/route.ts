// GET /api/v1/models – the model catalog (API_CONTRACT §10): { data, links: { next }, total_count }. Public.
import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/handler";
import { toAppError } from "@/lib/api/errors";
import { cleanQuery } from "@/lib/api/clean-input";
import { toModelResponse } from "@/lib/api/responses";
import { modelsQuerySchema } from "@/lib/validations/models";
import { listModels } from "@/lib/services/models/list-models";

export async function GET(req: NextRequest) {
  try {
    const query = modelsQuerySchema.parse(cleanQuery(req.nextUrl.searchParams));
    const all = await listModels({ q: query.q, providers: query.providers, zdr: query.zdr === "true", supportedParameters: query.supported_parameters });
    const page = all.slice(query.offset, query.offset + query.limit);
    const nextOffset = query.offset + page.length;
    const next = nextOffset < all.length ? `/api/v1/models?offset=${nextOffset}&limit=${query.limit}` : null;
    return NextResponse.json({ data: page.map(toModelResponse), links: { next }, total_count: all.length });
  } catch (error) {
    return errorResponse(toAppError(error));
  }
}
