/**
 * The client side of the soak benchmark, in its own process so its heap holds
 * the client alone (the sandbox runs in the parent). Needs `--expose-gc`.
 *
 * 1. Soak: TOTAL requests (mostly GETs, every 10th a PUT) through one client,
 *    CONCURRENCY at a time, against a sandbox injecting faults; heap and RSS
 *    before (after a warm-up) and after, each after garbage collection.
 * 2. Queue: QUEUED reads at once behind a limiter that lets none through,
 *    heap with the queue, then all aborted through one AbortSignal: heap
 *    after, and how many jobs Bottleneck still holds.
 *
 * Env: SANDBOX_URL, API_KEY, TOTAL, QUEUED, CONCURRENCY. Prints one JSON line.
 */
import { setMaxListeners } from "node:events";
import Bottleneck from "bottleneck";
import { createSellersCenterClient, type SellersCenterClient } from "../../src/index.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`soak-worker needs ${name}`);
  return value;
};
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("soak-worker needs node --expose-gc");

const baseUrl = env("SANDBOX_URL");
const apiKey = env("API_KEY");
const GET = "GET /api/v1/results/status";
const PUT = "PUT /api/v1/products/status";
const SOAK_WINDOW_MS = 1_000;

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Heap used after full collections (twice, and a turn of the event loop, so finalizers and weak refs settle). */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed;
}

/** Every Bottleneck the client creates, so the bench can ask how many jobs are queued. */
const limiters = new Set<Bottleneck>();
const originalSchedule = Bottleneck.prototype.schedule;
Bottleneck.prototype.schedule = function (this: Bottleneck, ...args: unknown[]) {
  limiters.add(this);
  return (originalSchedule as (...a: unknown[]) => unknown).apply(this, args);
} as typeof originalSchedule;

let unhandledRejections = 0;
process.on("unhandledRejection", () => {
  unhandledRejections++;
});

function errorClass(error: unknown): string {
  if (error instanceof Error) return error.name === "Error" ? error.constructor.name : error.name;
  return typeof error;
}

async function soak(total: number, concurrency: number) {
  let retries = 0;
  const client = createSellersCenterClient({
    apiKey,
    baseUrl,
    timeoutMs: 5_000,
    // High enough that the limiter queues nothing; short window, so due tokens are back soon after the run.
    rateLimit: { windowMs: SOAK_WINDOW_MS, limits: { [GET]: 100_000, [PUT]: 100_000 }, id: "soak" },
    retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 },
    onRetry: () => {
      retries++;
    },
  });
  const batchIds: string[] = [];
  const outcomes = new Map<string, number>();
  const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

  async function one(i: number): Promise<void> {
    try {
      if (i % 10 === 0 || batchIds.length === 0) {
        const { batchRequestId } = await client.updateProductStatus([
          { style_key: `SOAK-${i % 500}`, status: "draft" },
        ]);
        if (batchIds.length < 50) batchIds.push(batchRequestId);
        count("ok PUT");
      } else {
        await client.getProductStatusResults(batchIds[i % batchIds.length] as string);
        count("ok GET");
      }
    } catch (error) {
      count(errorClass(error));
    }
  }

  async function run(from: number, to: number): Promise<void> {
    let next = from;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < to) await one(next++);
      }),
    );
  }

  // Warm-up: connections, JIT, limiters and the batch ids exist before "before".
  await run(0, 2_000);
  await sleep(SOAK_WINDOW_MS + 200);
  outcomes.clear();
  retries = 0;
  const heapBefore = await settledHeap();
  const rssBefore = process.memoryUsage().rss;

  let peakHeap = 0;
  let peakRss = 0;
  const sampler = setInterval(() => {
    const { heapUsed, rss } = process.memoryUsage();
    peakHeap = Math.max(peakHeap, heapUsed);
    peakRss = Math.max(peakRss, rss);
  }, 100);
  const started = performance.now();
  await run(2_000, 2_000 + total);
  const elapsedMs = performance.now() - started;
  clearInterval(sampler);

  // Tokens come back one window after each response: wait for the last ones before measuring.
  await sleep(SOAK_WINDOW_MS + 200);
  const heapAfter = await settledHeap();
  const rssAfter = process.memoryUsage().rss;
  await client.close();
  return {
    requests: total,
    concurrency,
    elapsedMs: Math.round(elapsedMs),
    requestsPerSecond: Math.round(total / (elapsedMs / 1000)),
    outcomes: Object.fromEntries([...outcomes].sort()),
    retries,
    heapBeforeMB: heapBefore / MB,
    heapAfterMB: heapAfter / MB,
    heapGrowthMB: (heapAfter - heapBefore) / MB,
    peakHeapMB: peakHeap / MB,
    rssBeforeMB: rssBefore / MB,
    rssAfterMB: rssAfter / MB,
    peakRssMB: peakRss / MB,
  };
}

/** Jobs the client's Bottleneck instances hold (received, queued, running or executing). */
function jobsHeld(): number {
  let held = 0;
  for (const limiter of limiters) {
    const counts = limiter.counts();
    held += (counts.RECEIVED ?? 0) + (counts.QUEUED ?? 0) + (counts.RUNNING ?? 0) + (counts.EXECUTING ?? 0);
  }
  return held;
}

async function queue(queued: number) {
  const client: SellersCenterClient = createSellersCenterClient({
    apiKey,
    baseUrl,
    // One request per 10 minutes: after the first, everything waits in the queue.
    rateLimit: { windowMs: 600_000, limits: { [GET]: 1 }, id: "soak-queue" },
  });
  const { batchRequestId } = await createSellersCenterClient({ apiKey, baseUrl, rateLimit: false }).updateProductStatus(
    [{ style_key: "SOAK-QUEUE", status: "draft" }],
  );
  await client.getProductStatusResults(batchRequestId); // spends the one token
  limiters.clear();
  const heapBefore = await settledHeap();

  const controller = new AbortController();
  // Every queued call listens on this one signal (each undici Request made from it adds a listener):
  // without this, Node prints a MaxListenersExceededWarning for every call past 1500.
  setMaxListeners(0, controller.signal);
  let aborted = 0;
  let otherwise = 0;
  const started = performance.now();
  // The handlers are made once, not per call, so the figure is the client's, not this bench's.
  const onSettled = () => {
    otherwise++;
  };
  const onRejected = (error: unknown) => {
    if ((error as Error).name === "AbortError") aborted++;
    else otherwise++;
  };
  const options = { signal: controller.signal };
  let calls: Promise<void>[] | undefined = Array.from({ length: queued }, () =>
    client.getProductStatusResults(batchRequestId, options).then(onSettled, onRejected),
  );
  // Typed calls wait in the limiter's waiting room (a few go on into Bottleneck's queue): they are
  // all there within a few ticks of being made; give them half a second.
  while (jobsHeld() === 0 && performance.now() - started < 120_000) await sleep(50);
  await sleep(500);
  const queueMs = performance.now() - started;
  const jobsQueued = jobsHeld();
  const heapQueued = await settledHeap();
  const rssQueued = process.memoryUsage().rss;

  controller.abort();
  await Promise.all(calls);
  calls = undefined;
  await sleep(100);
  const heapAfterAbort = await settledHeap();
  const jobsAfterAbort = jobsHeld();
  return {
    queued,
    jobsQueued,
    queueMs: Math.round(queueMs),
    heapBeforeMB: heapBefore / MB,
    heapQueuedMB: heapQueued / MB,
    bytesPerQueuedRequest: Math.round((heapQueued - heapBefore) / queued),
    rssQueuedMB: rssQueued / MB,
    aborted,
    settledOtherwise: otherwise,
    heapAfterAbortMB: heapAfterAbort / MB,
    heapRetainedAfterAbortMB: (heapAfterAbort - heapBefore) / MB,
    jobsHeldAfterAbort: jobsAfterAbort,
  };
}

const soakResult = await soak(Number(env("TOTAL")), Number(env("CONCURRENCY")));
process.stderr.write(`soak done: ${soakResult.requestsPerSecond} requests/s\n`);
const queueResult = await queue(Number(env("QUEUED")));
process.stdout.write(`${JSON.stringify({ soak: soakResult, queue: queueResult, unhandledRejections })}\n`);
process.exit(0);
