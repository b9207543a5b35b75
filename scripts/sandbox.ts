/**
 * npm run sandbox -- [options]   runs the local Sellers Center sandbox until Ctrl-C
 *
 * Prints the base URL and the API key to use, and on exit a summary of what
 * it saw. See `npm run sandbox -- --help`.
 */
import { parseArgs } from "node:util";
import { type SandboxOptions, startSandbox } from "../src/sandbox/index.ts";

const HELP = `Usage: npm run sandbox -- [options]

  --port <n>                 port on 127.0.0.1 (default 4010; 0 = any free port)
  --api-key <key>            accepted X-API-Key (repeatable; default sandbox-key)
  --latency-ms <n>           delay before every answer (default 0)
  --window-ms <n>            rate-limit window (default 60000)
  --mode <sliding|fixed>     rate-limit window mode (default sliding)
  --put-limit <n>            PUT requests per window (default: the spec's)
  --get-limit <n>            GET requests per window (default: the spec's)
  --no-rate-limit            no limits and no X-RateLimit-* headers
  --pending-ms <n>           how long a batch stays pending (default 1000)
  --processing-ms <n>        how long a batch stays processing (default 2000)
  --retry-ms <n>             how long a batch stays in retry (default 1000)
  --dedup-window-ms <n>      identical payloads within this window share a batch (default 60000; 0 = off)
  --approval-ms <n>          each approval step of a published product (default 2000)
  --unknown-style-keys <create-draft|not-found>   (default create-draft; UNKNOWN-* keys are never found)
  --seed <n>                 fault PRNG seed (default 1)
  --server-error <rate>      5xx answers (JSON 500, HTML 502, empty 503)      rates: 0..1, summing to at most 1
  --drop-before <rate>       connection dropped before processing
  --drop-after <rate>        connection dropped after processing
  --slow <rate>              answer after --slow-ms (default 5000)
  --slow-ms <n>
  --hang <rate>              never answer
  --malformed-json <rate>    200 with truncated JSON
  --unknown-status <rate>    batch status outside the enum (GET only)
  --help

Batches: a style key starting with FAIL-BATCH- fails its batch, RETRY-BATCH- sends it through retry.
Seeded products per key: ACTIVE-1..3, INACTIVE-1, DRAFT-1, PENDING-1, REJECTED-1, PROBLEM-1.`;

const numberOptions = [
  "port",
  "latency-ms",
  "window-ms",
  "put-limit",
  "get-limit",
  "pending-ms",
  "processing-ms",
  "retry-ms",
  "dedup-window-ms",
  "approval-ms",
  "seed",
  "server-error",
  "drop-before",
  "drop-after",
  "slow",
  "slow-ms",
  "hang",
  "malformed-json",
  "unknown-status",
] as const;

function parse(): SandboxOptions | undefined {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(numberOptions.map((name) => [name, { type: "string" as const }])),
      "api-key": { type: "string", multiple: true },
      mode: { type: "string" },
      "no-rate-limit": { type: "boolean" },
      "unknown-style-keys": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return undefined;
  const raw = values as Record<string, string | undefined>;
  const num = (name: (typeof numberOptions)[number]): number | undefined => {
    const value = raw[name];
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (value.trim() === "" || !Number.isFinite(parsed)) throw new Error(`--${name} must be a number (got "${value}")`);
    return parsed;
  };
  const limits: Record<string, number> = {};
  if (num("put-limit") !== undefined) limits["PUT /api/v1/products/status"] = num("put-limit") as number;
  if (num("get-limit") !== undefined) limits["GET /api/v1/results/status"] = num("get-limit") as number;
  return {
    port: num("port") ?? 4010,
    apiKeys: values["api-key"],
    latencyMs: num("latency-ms"),
    rateLimit: values["no-rate-limit"]
      ? false
      : { windowMs: num("window-ms"), mode: values.mode as "fixed" | "sliding" | undefined, limits },
    batches: {
      pendingMs: num("pending-ms"),
      processingMs: num("processing-ms"),
      retryMs: num("retry-ms"),
      dedupWindowMs: num("dedup-window-ms"),
      approvalMs: num("approval-ms"),
      unknownStyleKeys: values["unknown-style-keys"] as "create-draft" | "not-found" | undefined,
    },
    faults: {
      seed: num("seed"),
      serverError: num("server-error"),
      dropBeforeProcessing: num("drop-before"),
      dropAfterProcessing: num("drop-after"),
      slow: num("slow"),
      slowMs: num("slow-ms"),
      hang: num("hang"),
      malformedJson: num("malformed-json"),
      unknownStatus: num("unknown-status"),
    },
  };
}

async function main(): Promise<void> {
  let options: SandboxOptions | undefined;
  try {
    options = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    console.log(HELP);
    return;
  }
  const sandbox = await startSandbox(options);
  // The sandbox's own local key: printing it is the point (it opens nothing but this process).
  console.log(`Sellers Center sandbox listening on ${sandbox.url}`);
  console.log(
    `API key: ${sandbox.apiKeys[0]}${sandbox.apiKeys.length > 1 ? ` (and ${sandbox.apiKeys.length - 1} more)` : ""}`,
  );
  console.log(
    `Try: curl -X PUT ${sandbox.url}/api/v1/products/status -H 'X-API-Key: ${sandbox.apiKeys[0]}' -H 'Content-Type: application/json' -d '{"items":[{"style_key":"ACTIVE-1","status":"draft"}]}'`,
  );
  console.log("Ctrl-C stops it.");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const stats = sandbox.stats();
    await sandbox.close();
    console.log(
      `\n${signal}: stopped. Requests ${JSON.stringify(stats.requests)}, 429s ${stats.rateLimited}, batches ${stats.batchesCreated} (+${stats.deduplicated} deduplicated), faults ${JSON.stringify(stats.faultsInjected)}`,
    );
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`The sandbox did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
