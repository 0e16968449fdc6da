export function contentSecurityPolicy(options?: { dev?: boolean }): string;
export function securityHeaders(options?: { dev?: boolean }): Record<string, string>;
