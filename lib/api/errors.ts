// The one error shape (API_CONTRACT §2): { error: { code: <HTTP status>, message, metadata: { reason, ... } } }.
// Route handlers and server actions both map every thrown error through toErrorBody().
import { ZodError } from "zod";

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  upstream_error: 502,
} as const;

export type ErrorReason = keyof typeof ERROR_STATUS;

export type ErrorBody = {
  error: { code: number; message: string; metadata: { reason: ErrorReason } & Record<string, unknown> };
};

export class AppError extends Error {
  constructor(
    public readonly reason: ErrorReason,
    message: string,
    public readonly metadata: Record<string, unknown> = {},
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return ERROR_STATUS[this.reason];
  }
}

export const badRequest = (message: string, metadata?: Record<string, unknown>) =>
  new AppError("bad_request", message, metadata);
export const unauthorized = (message = "Authentication required.") => new AppError("unauthorized", message);
export const forbidden = (message = "You do not have permission to do this.") => new AppError("forbidden", message);
export const notFound = (message = "Not found.") => new AppError("not_found", message);
export const conflict = (message: string, metadata?: Record<string, unknown>) =>
  new AppError("conflict", message, metadata);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError("rate_limited", message, { retry_after_seconds: retryAfterSeconds }, {
    "Retry-After": String(retryAfterSeconds),
  });

type PrismaLikeError = { code?: unknown; meta?: unknown; name?: unknown };

function fromPrisma(error: PrismaLikeError): AppError | undefined {
  if (typeof error.code !== "string" || !/^P\d{4}$/.test(error.code)) return undefined;
  if (error.code === "P2002") {
    const meta = (error.meta ?? {}) as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } };
    const fields = meta.driverAdapterError?.cause?.constraint?.fields ?? meta.target;
    return conflict("A record with the same unique value already exists.", { fields });
  }
  if (error.code === "P2025") return notFound();
  return undefined;
}

/** Maps any thrown value to an AppError. Unknown errors become a 500 whose message is hidden. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return badRequest("Invalid request: " + error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "), {
      issues: error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })),
    });
  }
  if (error && typeof error === "object") {
    const mapped = fromPrisma(error as PrismaLikeError);
    if (mapped) return mapped;
  }
  return new AppError("internal", "Internal server error.");
}

export function toErrorBody(error: AppError): ErrorBody {
  return { error: { code: error.status, message: error.message, metadata: { reason: error.reason, ...error.metadata } } };
}
