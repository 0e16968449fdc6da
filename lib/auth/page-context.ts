// For dashboard pages and layouts: the signed-in user and the account the URL names.
// Cached per request, so the layout and the page share one lookup.
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { AppError } from "../api/errors";
import { resolveAccountForUser } from "../services/accounts/resolve-account";
import { requireUser } from "./session";

export const getPageContext = cache(async (segment: string) => {
  await connection(); // never prerender: these pages read the database
  const user = await requireUser();
  try {
    const ctx = await resolveAccountForUser({ userId: user.id, segment: decodeURIComponent(segment) });
    return { user, ctx };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  }
});
