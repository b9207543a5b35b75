/**
 * Soak benchmark (issue 6): 100 000 requests through one client against the
 * sandbox with faults on, and 100 000 requests queued at once behind a
 * limiter. Goals: heap growth under 10 MB after garbage collection, and
 * under 1 KB of heap per queued request.
 *
 * The sandbox runs here; the client runs in a child process started with
 * --expose-gc (bench/workers/soak-worker.ts), so the heap figures are the
 * client's alone. Run alone with `npx tsx bench/soak.ts`
 * (SOAK_REQUESTS=20000 for a shorter run).
 */
import { spawn } from "node:child_process";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FaultOptions, startSandbox } from "../src/sandbox/index.ts";

export const SOAK_FAULTS: FaultOptions = {
  seed: 6,
  serverError: 0.01,
  dropBeforeProcessing: 0.005,
  malformedJson: 0.005,
  slow: 0.01,
  slowMs: 20,
  unknownStatus: 0.01,
};
export const GOALS = { heapGrowthMB: 10, bytesPerQueuedRequest: 1024 } as const;

export type SoakFigures = {
  requests: number;
  concurrency: number;
  elapsedMs: number;
  requestsPerSecond: number;
  /** "ok GET", "ok PUT", or the error class a call rejected with. */
  outcomes: Record<string, number>;
  retries: number;
  heapBeforeMB: number;
  heapAfterMB: number;
  heapGrowthMB: number;
  peakHeapMB: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  peakRssMB: number;
};
export type QueueFigures = {
  queued: number;
  /** Jobs in the limiter when the heap was measured (should equal `queued`). */
  jobsQueued: number;
  queueMs: number;
  heapBeforeMB: number;
  heapQueuedMB: number;
  bytesPerQueuedRequest: number;
  rssQueuedMB: number;
  aborted: number;
  settledOtherwise: number;
  heapAfterAbortMB: number;
  heapRetainedAfterAbortMB: number;
  jobsHeldAfterAbort: number;
};
export type SoakBenchResult = {
  soak: SoakFigures;
  queue: QueueFigures;
  unhandledRejections: number;
  faultsInjected: Record<string, number>;
  goals: { heapGrowthUnder10MB: boolean; queueUnder1KBPerRequest: boolean };
};

const API_KEY = "soak-key";

function runWorker(
  env: Record<string, string>,
  timeoutMs: number,
): Promise<Omit<SoakBenchResult, "faultsInjected" | "goals">> {
  const worker = fileURLToPath(new URL("./workers/soak-worker.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", worker], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && line.startsWith("{")) resolve(JSON.parse(line));
      else
        reject(
          new Error(
            `soak worker ended with ${signal ?? `exit code ${code}`} after ${timeoutMs} ms at most; output: ${stdout.slice(-500)}`,
          ),
        );
    });
  });
}

export async function runSoakBench({
  requests = Number(process.env.SOAK_REQUESTS ?? 100_000),
  queued = Number(process.env.SOAK_QUEUED ?? 100_000),
  concurrency = 50,
  timeoutMs = 10 * 60_000,
} = {}): Promise<SoakBenchResult> {
  const sandbox = await startSandbox({
    apiKeys: [API_KEY],
    rateLimit: false,
    faults: SOAK_FAULTS,
    batches: { pendingMs: 50, processingMs: 100, retryMs: 50 },
  });
  try {
    const figures = await runWorker(
      {
        SANDBOX_URL: sandbox.url,
        API_KEY,
        TOTAL: String(requests),
        QUEUED: String(queued),
        CONCURRENCY: String(concurrency),
      },
      timeoutMs,
    );
    return {
      ...figures,
      faultsInjected: sandbox.stats().faultsInjected as Record<string, number>,
      goals: {
        heapGrowthUnder10MB: figures.soak.heapGrowthMB < GOALS.heapGrowthMB,
        queueUnder1KBPerRequest: figures.queue.bytesPerQueuedRequest < GOALS.bytesPerQueuedRequest,
      },
    };
  } finally {
    await sandbox.close();
  }
}

const round = (value: number) => Number(value.toFixed(1));

/** The figures as rows for console.table. */
export function soakTable(result: SoakBenchResult): Record<string, string | number>[] {
  const { soak, queue } = result;
  const errors = Object.entries(soak.outcomes)
    .filter(([key]) => !key.startsWith("ok "))
    .map(([key, count]) => `${key} ${count}`)
    .join(", ");
  return [
    { measure: "requests (concurrency)", value: `${soak.requests} (${soak.concurrency})` },
    { measure: "total time (s)", value: round(soak.elapsedMs / 1000) },
    { measure: "requests/s", value: soak.requestsPerSecond },
    { measure: "succeeded (GET / PUT)", value: `${soak.outcomes["ok GET"] ?? 0} / ${soak.outcomes["ok PUT"] ?? 0}` },
    { measure: "failed, by error class", value: errors || "none" },
    { measure: "retries", value: soak.retries },
    {
      measure: "faults injected",
      value: Object.entries(result.faultsInjected)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(", "),
    },
    { measure: "heap before / after gc (MB)", value: `${round(soak.heapBeforeMB)} / ${round(soak.heapAfterMB)}` },
    { measure: "heap growth (MB, goal < 10)", value: round(soak.heapGrowthMB) },
    { measure: "peak heap (MB)", value: round(soak.peakHeapMB) },
    {
      measure: "RSS before / after / peak (MB)",
      value: `${round(soak.rssBeforeMB)} / ${round(soak.rssAfterMB)} / ${round(soak.peakRssMB)}`,
    },
    { measure: "queued at once (in limiter)", value: `${queue.queued} (${queue.jobsQueued})` },
    { measure: "time to queue them (s)", value: round(queue.queueMs / 1000) },
    { measure: "heap before / with queue (MB)", value: `${round(queue.heapBeforeMB)} / ${round(queue.heapQueuedMB)}` },
    { measure: "bytes per queued request (goal < 1024)", value: queue.bytesPerQueuedRequest },
    { measure: "RSS with queue (MB)", value: round(queue.rssQueuedMB) },
    { measure: "aborted / settled otherwise", value: `${queue.aborted} / ${queue.settledOtherwise}` },
    {
      measure: "heap after abort, retained (MB)",
      value: `${round(queue.heapAfterAbortMB)}, ${round(queue.heapRetainedAfterAbortMB)}`,
    },
    { measure: "jobs still in limiter after abort", value: queue.jobsHeldAfterAbort },
    { measure: "unhandled rejections", value: result.unhandledRejections },
  ];
}

const runDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  const result = await runSoakBench();
  console.table(soakTable(result));
  console.log(
    `goals: heap growth < ${GOALS.heapGrowthMB} MB ${result.goals.heapGrowthUnder10MB ? "met" : "NOT met"}; ` +
      `queue < ${GOALS.bytesPerQueuedRequest} B per request ${result.goals.queueUnder1KBPerRequest ? "met" : "NOT met"}`,
  );
  process.exit(0);
}
