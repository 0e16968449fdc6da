import { expect } from "vitest";
import { toAppError, type AppError } from "../api/errors";

/** Awaits a rejection and returns it as the wrapper would map it; a 500 fails the test. */
export async function expectAppError(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => ({ rejected: false as const }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  expect(outcome.rejected, "expected the call to be refused").toBe(true);
  const mapped = toAppError(outcome.rejected ? outcome.error : undefined);
  expect(mapped.status, `unexpected 500: ${String(outcome.rejected && outcome.error)}`).not.toBe(500);
  return mapped;
}
