/**
 * A benchmark worker: waits until START_AT (epoch ms, so several processes
 * start together), fires COUNT reads at once through a client whose budget
 * is shared through Redis, and prints one JSON line with its finish time.
 * Env: SANDBOX_URL, REDIS_URL, BATCH_ID, COUNT, WINDOW_MS, LIMIT, BUDGET_ID, START_AT.
 */
import { createSellersCenterClient } from "../../src/index.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`burst-worker needs ${name}`);
  return value;
};
let rateLimited = 0;
const client = createSellersCenterClient({
  apiKey: "sandbox-key",
  baseUrl: env("SANDBOX_URL"),
  rateLimit: {
    windowMs: Number(env("WINDOW_MS")),
    limits: { "GET /api/v1/results/status": Number(env("LIMIT")) },
    id: env("BUDGET_ID"),
    redis: { url: env("REDIS_URL") },
  },
  onRateLimited: (event) => {
    if (event.reason === "429") rateLimited++;
  },
});
// Warm the connection and the limiter before the start line.
await client.getProductStatusResults(env("BATCH_ID"));
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(env("START_AT")) - Date.now())));
await Promise.all(Array.from({ length: Number(env("COUNT")) }, () => client.getProductStatusResults(env("BATCH_ID"))));
process.stdout.write(`${JSON.stringify({ finishedAt: Date.now(), rateLimited })}\n`);
await client.close();
process.exit(0);
