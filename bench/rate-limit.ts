/**
 * Rate-limit benchmark (issue 4): against the sandbox with a 2 s sliding
 * window and a limit of 50, 10x the limit submitted at once.
 *   1. one process: utilization against the ideal, 429s, most requests in any window;
 *   2. three processes sharing the budget through Redis;
 *   3. per-request overhead against bare openapi-fetch, interleaved, on
 *      loopback and with the sandbox answering after 50 ms.
 * A baseline measured in the same run (bare openapi-fetch, no limiter) shows
 * what the limiter prevents.
 */
import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import type { paths } from "../src/generated/schema.ts";
import { createSellersCenterClient } from "../src/index.ts";
import { type Sandbox, startSandbox } from "../src/sandbox/index.ts";
import { startRedis } from "../test/support/redis.ts";

const GET = "GET /api/v1/results/status";
export const WINDOW_MS = 2_000;
export const LIMIT = 50;
const TOTAL = 10 * LIMIT;
/** The last of TOTAL requests may start (TOTAL/LIMIT - 1) windows after the first. */
const IDEAL_MS = (Math.ceil(TOTAL / LIMIT) - 1) * WINDOW_MS;

export type BurstRow = {
  scenario: string;
  elapsedMs: number;
  utilization: number;
  rateLimited: number;
  maxInAnyWindow: number;
};
export type OverheadRow = {
  scenario: string;
  samples: number;
  bareMedianMs: number;
  clientMedianMs: number;
  addedMedianMs: number;
  bareP99Ms: number;
  clientP99Ms: number;
  ratioMedian: number;
};

async function burstSandbox(): Promise<Sandbox> {
  return startSandbox({ rateLimit: { windowMs: WINDOW_MS, mode: "sliding", limits: { [GET]: LIMIT } } });
}

async function newBatch(url: string): Promise<string> {
  const setup = createSellersCenterClient({ apiKey: "sandbox-key", baseUrl: url, rateLimit: false });
  return (await setup.updateProductStatus([{ style_key: "BENCH-1", status: "draft" }])).batchRequestId;
}

function row(scenario: string, elapsedMs: number, sandbox: Sandbox): BurstRow {
  const stats = sandbox.stats();
  return {
    scenario,
    elapsedMs,
    utilization: Number((IDEAL_MS / elapsedMs).toFixed(3)),
    rateLimited: stats.rateLimited,
    maxInAnyWindow: stats.byOperation[GET]?.maxInSlidingWindow ?? 0,
  };
}

async function bareBurst(): Promise<BurstRow> {
  const sandbox = await burstSandbox();
  const id = await newBatch(sandbox.url);
  sandbox.resetStats();
  const bare = createClient<paths>({ baseUrl: sandbox.url, headers: { "X-API-Key": "sandbox-key" } });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: TOTAL }, () =>
      bare.GET("/api/v1/results/status", { params: { query: { batch_request_id: id } } }),
    ),
  );
  const result = {
    ...row("baseline: bare openapi-fetch, 1 process", Date.now() - started, sandbox),
    utilization: Number.NaN,
  };
  await sandbox.close();
  return result;
}

async function oneProcessBurst(): Promise<BurstRow> {
  const sandbox = await burstSandbox();
  const id = await newBatch(sandbox.url);
  const client = createSellersCenterClient({
    apiKey: "sandbox-key",
    baseUrl: sandbox.url,
    rateLimit: { windowMs: WINDOW_MS, limits: { [GET]: LIMIT }, id: "bench-one" },
  });
  sandbox.resetStats();
  const started = Date.now();
  await Promise.all(Array.from({ length: TOTAL }, () => client.getProductStatusResults(id)));
  const result = row("client, 1 process", Date.now() - started, sandbox);
  await client.close();
  await sandbox.close();
  return result;
}

async function threeProcessBurst(): Promise<BurstRow> {
  const redis = await startRedis();
  const sandbox = await burstSandbox();
  try {
    const id = await newBatch(sandbox.url);
    const startAt = Date.now() + 4_000; // after every worker has started and warmed up
    const worker = fileURLToPath(new URL("./workers/burst-worker.ts", import.meta.url));
    const counts = [167, 167, 166];
    const budgetId = `bench-three-${Date.now()}`;
    // Each worker's warm-up request counts against the same budget: reset after they are in.
    const finished = counts.map(
      (count) =>
        new Promise<{ finishedAt: number }>((resolve, reject) => {
          const child = spawn(process.execPath, ["--import", "tsx", worker], {
            env: {
              ...process.env,
              SANDBOX_URL: sandbox.url,
              REDIS_URL: redis.url,
              BATCH_ID: id,
              COUNT: String(count),
              WINDOW_MS: String(WINDOW_MS),
              LIMIT: String(LIMIT),
              BUDGET_ID: budgetId,
              START_AT: String(startAt),
            },
            stdio: ["ignore", "pipe", "inherit"],
          });
          let out = "";
          child.stdout.on("data", (chunk) => (out += chunk));
          child.on("exit", (code) =>
            code === 0
              ? resolve(JSON.parse(out.trim().split("\n").pop() ?? "{}"))
              : reject(new Error(`worker exited ${code}`)),
          );
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now() - 50)));
    sandbox.resetStats();
    const ends = await Promise.all(finished);
    return row("client, 3 processes sharing Redis", Math.max(...ends.map((e) => e.finishedAt)) - startAt, sandbox);
  } finally {
    await sandbox.close();
    await redis.stop();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function overhead(latencyMs: number, samples: number): Promise<OverheadRow> {
  const sandbox = await startSandbox({ rateLimit: false, latencyMs });
  const id = await newBatch(sandbox.url);
  const client = createSellersCenterClient({
    apiKey: "sandbox-key",
    baseUrl: sandbox.url,
    rateLimit: { limits: { [GET]: 1_000_000 }, id: `bench-overhead-${latencyMs}` },
  });
  const bare = createClient<paths>({ baseUrl: sandbox.url, headers: { "X-API-Key": "sandbox-key" } });
  const timeOf = async (call: () => Promise<unknown>) => {
    const started = performance.now();
    await call();
    return performance.now() - started;
  };
  const bareTimes: number[] = [];
  const clientTimes: number[] = [];
  for (let i = 0; i < samples + 10; i++) {
    // Interleaved, alternating who goes first, after 10 warm-up rounds.
    const bareCall = () =>
      timeOf(() => bare.GET("/api/v1/results/status", { params: { query: { batch_request_id: id } } }));
    const clientCall = () => timeOf(() => client.getProductStatusResults(id));
    const [a, b] = i % 2 ? [await bareCall(), await clientCall()] : [await clientCall(), await bareCall()].reverse();
    if (i >= 10) {
      bareTimes.push(a as number);
      clientTimes.push(b as number);
    }
  }
  await client.close();
  await sandbox.close();
  const bareMedian = percentile(bareTimes, 50);
  const clientMedian = percentile(clientTimes, 50);
  const round = (value: number) => Number(value.toFixed(2));
  return {
    scenario: latencyMs === 0 ? "loopback" : `sandbox answers after ${latencyMs} ms`,
    samples,
    bareMedianMs: round(bareMedian),
    clientMedianMs: round(clientMedian),
    addedMedianMs: round(clientMedian - bareMedian),
    bareP99Ms: round(percentile(bareTimes, 99)),
    clientP99Ms: round(percentile(clientTimes, 99)),
    ratioMedian: Number((clientMedian / bareMedian).toFixed(3)),
  };
}

export async function runRateLimitBench(log: (line: string) => void = console.log, only?: string) {
  log(`rate limit: ${TOTAL} reads at once, limit ${LIMIT} per ${WINDOW_MS} ms sliding window (ideal ${IDEAL_MS} ms)`);
  const bursts: BurstRow[] = [];
  for (const scenario of [bareBurst, oneProcessBurst, threeProcessBurst].filter((s) => !only || s.name === only)) {
    const result = await scenario();
    log(`  ${result.scenario}: ${JSON.stringify(result)}`);
    bursts.push(result);
  }
  log("overhead: client (limits far above the load) vs bare openapi-fetch, interleaved");
  const overheads: OverheadRow[] = [];
  for (const [latency, samples] of (only
    ? []
    : [
        [0, 400],
        [50, 150],
      ]) as [number, number][]) {
    const result = await overhead(latency, samples);
    log(`  ${result.scenario}: ${JSON.stringify(result)}`);
    overheads.push(result);
  }
  return { bursts, overheads };
}

export function redisAvailable(): boolean {
  try {
    execFileSync("sh", ["-c", "command -v redis-server"]);
    return true;
  } catch {
    return false;
  }
}
