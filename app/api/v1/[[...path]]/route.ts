// ANY /api/v1/<unknown> – a 404 in the error envelope (not Next's HTML page) for paths no route serves.
import { errorResponse } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";

function unknownPath() {
  return errorResponse(notFound("No such endpoint. See the API reference for the /api/v1 paths."));
}

export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
export const OPTIONS = unknownPath;
