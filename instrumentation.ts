// Runs once when the server starts; the work lives in lib/server-startup.ts (Node.js runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./lib/server-startup")).startServer();
}
