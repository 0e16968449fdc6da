/** Only same-site paths after sign-in or sign-up: an open redirect is a phishing tool. */
export function safeCallbackUrl(url: string | undefined, fallback = "/personal"): string {
  if (!url) return fallback;
  try {
    const parsed = new URL(url, "http://tollgate.invalid");
    return parsed.origin === "http://tollgate.invalid" ? parsed.pathname + parsed.search : fallback;
  } catch {
    return fallback;
  }
}
