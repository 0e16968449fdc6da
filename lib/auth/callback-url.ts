const BASE = "http://tollgate.invalid";

/**
 * Only same-site paths after sign-in or sign-up: an open redirect is a phishing tool. The answer is
 * always a normalised path that starts with exactly one `/`: the URL parser resolves `.`/`..`, reads
 * backslashes as slashes and drops tabs and newlines as browsers do, and leading slashes are folded,
 * so `/.//evil.example` or `/..//x` cannot become the protocol-relative `//evil.example`.
 */
export function safeCallbackUrl(url: string | undefined, fallback = "/personal"): string {
  if (!url) return fallback;
  try {
    const parsed = new URL(url, BASE);
    if (parsed.origin !== BASE) return fallback;
    const path = "/" + parsed.pathname.replace(/^[/\\]+/, "") + parsed.search;
    return /^\/(?![/\\])/.test(path) ? path : fallback;
  } catch {
    return fallback;
  }
}
