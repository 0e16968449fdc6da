"use client";

// Browser calls to our /api/v1 routes: the session cookie authenticates, the header names the
// account, and errors arrive in the one envelope.
import type { ErrorBody } from "@/lib/api/errors";

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly body: ErrorBody["error"],
  ) {
    super(body.message);
  }
}

export async function apiFetch<T = unknown>(account: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: { "x-tollgate-account": account, ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(res.status, data?.error ?? { code: res.status, message: `Request failed (${res.status}).`, metadata: { reason: "internal" } });
  }
  return data as T;
}
