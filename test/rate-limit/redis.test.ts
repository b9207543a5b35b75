import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSellersCenterClient } from "../../src/index.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { mayskipRedis, redisMissingReason, startRedis } from "../support/redis.ts";
import type { RunningServer } from "../support/spawn-server.ts";

const GET = "GET /api/v1/results/status";
const WINDOW_MS = 500;
const LIMIT = 10;
const worker = fileURLToPath(new URL("./fixtures/redis-worker.ts", import.meta.url));
const skip = mayskipRedis();
if (skip) console.warn(`skipping the Redis tests: ${redisMissingReason}`);

describe.skipIf(skip)("a budget shared through Redis by several processes", () => {
  let redis: RunningServer;
  let sandbox: Sandbox;
  const KEYS = ["two-processes-key", "crash-key"];
  const batchIds: Record<string, string> = {};
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    redis = await startRedis();
    // One key per test: the sandbox's windows outlive a test, and budgets on one key must not meet.
    sandbox = await startSandbox({
      apiKeys: KEYS,
      rateLimit: { windowMs: WINDOW_MS, mode: "sliding", limits: { [GET]: LIMIT } },
    });
    for (const apiKey of KEYS) {
      const setup = createSellersCenterClient({ apiKey, baseUrl: sandbox.url, rateLimit: false });
      batchIds[apiKey] = (await setup.updateProductStatus([{ style_key: "ANY-1", status: "draft" }])).batchRequestId;
    }
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await sandbox?.close();
    await redis?.stop();
  });

  function startWorker(count: number, budgetId: string, apiKey: string) {
    const child = spawn(process.execPath, ["--import", "tsx", worker], {
      env: {
        ...process.env,
        SANDBOX_URL: sandbox.url,
        REDIS_URL: redis.url,
        API_KEY: apiKey,
        BATCH_ID: batchIds[apiKey] ?? "",
        COUNT: String(count),
        WINDOW_MS: String(WINDOW_MS),
        LIMIT: String(LIMIT),
        BUDGET_ID: budgetId,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    const firstAnswer = new Promise<void>((resolve) => {
      child.stdout?.on("data", () => resolve());
      child.on("exit", () => resolve());
    });
    const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on("exit", (code) => {
        children.delete(child);
        resolve({ code, stdout, stderr });
      }),
    );
    return { child, firstAnswer, exit };
  }

  it("two processes together never exceed the limit, and use it", async () => {
    sandbox.resetStats();
    const workers = [0, 1].map(() => startWorker(3 * LIMIT, "two-processes", "two-processes-key"));
    const outcomes = await Promise.all(workers.map((w) => w.exit));
    for (const outcome of outcomes) {
      expect(outcome.code, outcome.stderr).toBe(0);
      expect(JSON.parse(outcome.stdout.trim().split("\n").pop() ?? "{}").done).toBe(3 * LIMIT);
    }
    const stats = sandbox.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.byOperation[GET]?.maxInSlidingWindow).toBe(LIMIT);
  });

  it("a worker killed mid-run leaves the shared budget short for at most about one window", async () => {
    sandbox.resetStats();
    const doomed = startWorker(5 * LIMIT, "crash", "crash-key");
    await doomed.firstAnswer;
    doomed.child.kill("SIGKILL"); // holds tokens: some in flight, some waiting to come back
    await doomed.exit;
    const killedAt = Date.now();

    // A survivor that wants the whole budget at once.
    const survivor = createSellersCenterClient({
      apiKey: "crash-key",
      baseUrl: sandbox.url,
      rateLimit: { windowMs: WINDOW_MS, limits: { [GET]: LIMIT }, id: "crash", redis: { url: redis.url } },
    });
    try {
      const answered: number[] = [];
      await Promise.all(
        Array.from({ length: LIMIT }, () =>
          survivor.getProductStatusResults(batchIds["crash-key"] ?? "").then(() => answered.push(Date.now())),
        ),
      );
      // All LIMIT tokens were back about one window after the kill (plus a heartbeat and scheduling
      // slack on a busy 2-core machine), not lost for good (without the ledger this never finishes).
      expect(Math.max(...answered) - killedAt).toBeLessThan(2 * WINDOW_MS + 1_500);
      expect(sandbox.stats().rateLimited).toBe(0);
      expect(sandbox.stats().byOperation[GET]?.maxInSlidingWindow).toBeLessThanOrEqual(LIMIT);
    } finally {
      await survivor.close();
    }
  });
});
