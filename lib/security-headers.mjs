// The security headers of every response: pages, /api/v1 and the gateway fast path. Plain JS so
// that scripts/serve.mjs (Node, no TypeScript) and next.config.ts share one list.
// Next's inline bootstrap scripts and next-themes' theme script need 'unsafe-inline' in script-src
// (nonces would make every page dynamic); recharts and Radix set inline styles. `next dev` also
// needs 'unsafe-eval' (React's dev tooling).

/** @param {{ dev?: boolean }} [options] */
export function contentSecurityPolicy({ dev = false } = {}) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** @param {{ dev?: boolean }} [options] @returns {Record<string, string>} */
export function securityHeaders(options) {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
  };
}
