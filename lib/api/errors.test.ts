import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, conflict, notFound, rateLimited, toAppError, toErrorBody } from "./errors";

describe("error mapping", () => {
  it("keeps an AppError and puts the status in error.code as an integer", () => {
    const body = toErrorBody(toAppError(notFound("API key not found.")));
    expect(body).toEqual({ error: { code: 404, message: "API key not found.", metadata: { reason: "not_found" } } });
    expect(Number.isInteger(body.error.code)).toBe(true);
  });

  it("maps every reason to its documented status", () => {
    expect(ERROR_STATUS).toEqual({
      bad_request: 400, unauthorized: 401, payment_required: 402, forbidden: 403, not_found: 404,
      method_not_allowed: 405, conflict: 409, payload_too_large: 413, headers_too_large: 431, rate_limited: 429, internal: 500, upstream_error: 502,
    });
  });

  it("turns a zod failure into a 400 listing the issues", () => {
    const result = z.object({ name: z.string().min(1) }).safeParse({ name: "" });
    const error = toAppError(result.error);
    expect(error.status).toBe(400);
    expect(error.metadata.issues).toEqual([expect.objectContaining({ path: ["name"] })]);
    expect(error.message).toMatch(/^Invalid request: name:/);
  });

  it("maps Prisma's unique violation to 409 and record-not-found to 404", () => {
    expect(toAppError({ code: "P2002", meta: { target: ["slug"] } }).status).toBe(409);
    expect(toAppError({ code: "P2025" }).status).toBe(404);
  });

  it("hides the message of an unexpected error behind a 500", () => {
    const error = toAppError(new Error("connection string postgresql://secret@db"));
    expect(error.status).toBe(500);
    expect(error.message).toBe("Internal server error.");
    expect(JSON.stringify(toErrorBody(error))).not.toContain("secret");
  });

  it("carries Retry-After on a 429", () => {
    const error = rateLimited("Slow down.", 90);
    expect(error.status).toBe(429);
    expect(error.headers["Retry-After"]).toBe("90");
    expect(toErrorBody(error).error.metadata).toEqual({ reason: "rate_limited", retry_after_seconds: 90 });
  });

  it("keeps extra metadata beside the reason", () => {
    expect(toErrorBody(conflict("Taken.", { field: "slug" })).error.metadata).toEqual({ reason: "conflict", field: "slug" });
    expect(new AppError("forbidden", "No.").status).toBe(403);
  });
});
