/** Next.js calls register() once per server start: it starts the training worker beside the web server. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.VERGE_WORKER === "external" || process.env.VERGE_WORKER === "off") return;
  const { startEmbeddedWorker } = await import("./lib/server/jobs/embedded");
  startEmbeddedWorker();
}
