/**
 * The sandbox's options, their defaults, and the checks that turn a typo
 * into a clear error at start-up instead of a silently different simulation.
 */
import { operations } from "../generated/operations.ts";
import { isProductState, type ProductState } from "../lifecycle.ts";
import type { OperationKey, ProductStatusItem } from "../types.ts";

/**
 * How a batch ends: `completed`, `failed`, or `retry` (one pass through `retry`, then `completed`).
 *
 * @example
 * const sandbox = await startSandbox({ batches: { route: (items) => (items.length > 100 ? "failed" : "completed") } });
 */
export type BatchRoute = "completed" | "failed" | "retry";

/**
 * What the sandbox does with a style key its catalogue does not know.
 *
 * @example
 * const sandbox = await startSandbox({ batches: { unknownStyleKeys: "not-found" } });
 */
export type UnknownStyleKeys = "create-draft" | "not-found";

/**
 * Options of {@link startSandbox}; every one has a default.
 *
 * @example
 * const sandbox = await startSandbox({
 *   apiKeys: ["test-key"],
 *   latencyMs: 25,
 *   rateLimit: { windowMs: 1_000, limits: { "PUT /api/v1/products/status": 10 } },
 *   batches: { pendingMs: 50, processingMs: 100 },
 * });
 */
export type SandboxOptions = {
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number;
  /** Accepted `X-API-Key` values; default `["sandbox-key"]`. Anything else gets 401. */
  apiKeys?: string[];
  /** Delay in ms before every answer (default 0), e.g. 25 to mimic a 50 ms round trip. */
  latencyMs?: number;
  /** Per key and operation; `false` turns limiting and the `X-RateLimit-*` headers off. */
  rateLimit?:
    | false
    | {
        /** Window length in ms; default 60 000. */
        windowMs?: number;
        /** `sliding` (default): at most `limit` accepted in any `windowMs` span; `fixed`: per slot aligned to multiples of `windowMs` since the epoch. */
        mode?: "fixed" | "sliding";
        /** Requests per window; default each operation's limit from the spec (`operations[key].rateLimit.limit`). */
        limits?: Partial<Record<OperationKey, number>>;
      };
  batches?: {
    /** How long a new batch stays `pending` (default 1000 ms). */
    pendingMs?: number;
    /** How long a batch stays `processing` (default 2000 ms; twice for a batch that passes through `retry`). */
    processingMs?: number;
    /** How long a batch stays in `retry` before it is processed again (default 1000 ms). */
    retryMs?: number;
    /** Identical items from the same key within this many ms, while that batch is not terminal, return its id (default 60 000; 0 turns it off). */
    dedupWindowMs?: number;
    /** How each batch ends; default {@link defaultBatchRoute} (style-key prefixes `FAIL-BATCH-` and `RETRY-BATCH-`). */
    route?: BatchRoute | ((items: readonly ProductStatusItem[]) => BatchRoute);
    /** The products every key starts with (style_key -> state); default {@link DEFAULT_CATALOGUE}. */
    catalogue?: Record<string, ProductState>;
    /** Unknown style keys: `create-draft` (default: treated as a new draft, except keys starting with `UNKNOWN-`) or `not-found`. */
    unknownStyleKeys?: UnknownStyleKeys;
    /** How long each approval step takes (`pending_approval` -> `pending_active` -> `active`); default 2000 ms. */
    approvalMs?: number;
  };
  faults?: FaultOptions;
  /** Clock for the schedule, the rate windows and the stats (default `Date.now`). Delays still use real timers. */
  now?: () => number;
};

/**
 * Faults, off by default. Each rate is the probability (0..1) that a request
 * gets that fault; a request gets at most one, so the rates must add up to at
 * most 1. One seeded PRNG draws them, so the same requests in the same order
 * get the same faults. Faults are drawn after auth and rate limiting.
 *
 * @example
 * const sandbox = await startSandbox({ faults: { seed: 42, serverError: 0.1, dropAfterProcessing: 0.05, only: ["GET /api/v1/results/status"] } });
 */
export type FaultOptions = {
  /** PRNG seed (default 1). */
  seed?: number;
  /** A 5xx answer, rotating: 500 with a JSON body, 502 with an HTML page, 503 with an empty body. */
  serverError?: number;
  /** The socket is destroyed before the request is processed (a PUT creates no batch). */
  dropBeforeProcessing?: number;
  /** The request is processed (a PUT creates the batch), then the socket is destroyed without an answer. */
  dropAfterProcessing?: number;
  /** The normal answer, after `slowMs`. */
  slow?: number;
  /** Delay for `slow` (default 5000 ms). */
  slowMs?: number;
  /** No answer at all, until the client gives up or the sandbox closes. */
  hang?: number;
  /** The request is processed, then answered 200 with truncated JSON. */
  malformedJson?: number;
  /** GET only: the batch status in the answer is a string outside the enum (the spec allows any string); ignored for PUT. */
  unknownStatus?: number;
  /** Apply faults only to these operations (default: all). */
  only?: OperationKey[];
};

/**
 * The name of one fault rate in {@link FaultOptions} (also a key of `stats().faultsInjected`).
 *
 * @example
 * const kind: FaultKind = "malformedJson";
 */
export type FaultKind = Exclude<keyof FaultOptions, "seed" | "slowMs" | "only">;
/**
 * Every {@link FaultKind}.
 *
 * @example
 * for (const kind of FAULT_KINDS) console.log(kind, sandbox.stats().faultsInjected[kind] ?? 0);
 */
export const FAULT_KINDS: readonly FaultKind[] = [
  "serverError",
  "dropBeforeProcessing",
  "dropAfterProcessing",
  "slow",
  "hang",
  "malformedJson",
  "unknownStatus",
];

/**
 * Batches containing a style key with this prefix end `failed` (by default).
 *
 * @example
 * await client.updateProductStatus([{ style_key: `${FAIL_BATCH_PREFIX}1`, status: "published" }]); // this batch ends "failed"
 */
export const FAIL_BATCH_PREFIX = "FAIL-BATCH-";
/**
 * Batches containing a style key with this prefix pass through `retry` once before completing (by default).
 *
 * @example
 * await client.updateProductStatus([{ style_key: `${RETRY_BATCH_PREFIX}1`, status: "published" }]); // pending, processing, retry, ..., completed
 */
export const RETRY_BATCH_PREFIX = "RETRY-BATCH-";
/**
 * Style keys with this prefix are never found, even when unknown keys are accepted as drafts.
 *
 * @example
 * await client.setProductStatus([{ style_key: `${UNKNOWN_STYLE_KEY_PREFIX}1`, status: "published" }]); // one failure: not found
 */
export const UNKNOWN_STYLE_KEY_PREFIX = "UNKNOWN-";

/**
 * The default batch route: `failed` if any style key starts with `FAIL-BATCH-`, else `retry` if any starts with `RETRY-BATCH-`, else `completed`.
 *
 * @example
 * defaultBatchRoute([{ style_key: "ACTIVE-1", status: "inactive" }, { style_key: "RETRY-BATCH-7", status: "draft" }]) // "retry"
 */
export function defaultBatchRoute(items: readonly ProductStatusItem[]): BatchRoute {
  if (items.some((item) => item.style_key.startsWith(FAIL_BATCH_PREFIX))) return "failed";
  if (items.some((item) => item.style_key.startsWith(RETRY_BATCH_PREFIX))) return "retry";
  return "completed";
}

/**
 * The products every key starts with: a few in each interesting state, so a
 * demo shows the lifecycle rules (e.g. `draft` on `ACTIVE-1` is refused).
 * Style keys starting with `REJECT-` are rejected at approval.
 *
 * @example
 * const sandbox = await startSandbox({ batches: { catalogue: { ...DEFAULT_CATALOGUE, "MY-STYLE-1": "active" } } });
 */
export const DEFAULT_CATALOGUE: Readonly<Record<string, ProductState>> = {
  "ACTIVE-1": "active",
  "ACTIVE-2": "active",
  "ACTIVE-3": "active",
  "INACTIVE-1": "inactive",
  "DRAFT-1": "draft",
  "PENDING-1": "pending_approval",
  "REJECTED-1": "rejected",
  "PROBLEM-1": "problem",
};

/**
 * Style keys starting with this prefix are rejected when approval runs.
 *
 * @example
 * await client.updateProductStatus([{ style_key: `${REJECT_AT_APPROVAL_PREFIX}1`, status: "published" }]); // the product: pending_approval, then rejected
 */
export const REJECT_AT_APPROVAL_PREFIX = "REJECT-";

export type ResolvedOptions = {
  port: number;
  apiKeys: string[];
  latencyMs: number;
  rateLimit: false | { windowMs: number; mode: "fixed" | "sliding"; limits: Record<OperationKey, number> };
  /** Window for the `maxIn*Window` stats: the rate window, or 60 000 when limiting is off. */
  statsWindowMs: number;
  batches: {
    pendingMs: number;
    processingMs: number;
    retryMs: number;
    dedupWindowMs: number;
    route: (items: readonly ProductStatusItem[]) => BatchRoute;
    catalogue: Record<string, ProductState>;
    unknownStyleKeys: UnknownStyleKeys;
    approvalMs: number;
  };
  faults: Required<Omit<FaultOptions, "only">> & { only: OperationKey[] | undefined };
  now: () => number;
};

function fail(message: string): never {
  throw new Error(`Invalid sandbox options: ${message}`);
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    fail(`${name} must be a number >= 0 (got ${String(value)})`);
  return value;
}

function rate(name: string, value: number | undefined): number {
  const checked = nonNegative(`faults.${name}`, value, 0);
  if (checked > 1) fail(`faults.${name} is a probability and must be between 0 and 1 (got ${checked})`);
  return checked;
}

function resolveRateLimit(option: SandboxOptions["rateLimit"]): ResolvedOptions["rateLimit"] {
  if (option === false) return false;
  const keys = Object.keys(operations) as OperationKey[];
  const limits = Object.fromEntries(keys.map((key) => [key, operations[key].rateLimit.limit])) as Record<
    OperationKey,
    number
  >;
  for (const [key, limit] of Object.entries(option?.limits ?? {})) {
    if (!(key in operations))
      fail(`rateLimit.limits has "${key}", which is not an operation; use one of ${keys.join(", ")}`);
    if (!Number.isInteger(limit) || (limit as number) < 1)
      fail(`rateLimit.limits["${key}"] must be an integer >= 1 (got ${String(limit)})`);
    limits[key as OperationKey] = limit as number;
  }
  const mode = option?.mode ?? "sliding";
  if (mode !== "fixed" && mode !== "sliding")
    fail(`rateLimit.mode must be "fixed" or "sliding" (got ${JSON.stringify(mode)})`);
  const windowMs = nonNegative("rateLimit.windowMs", option?.windowMs, 60_000);
  if (windowMs === 0) fail("rateLimit.windowMs must be > 0");
  return { windowMs, mode, limits };
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const apiKeys = options.apiKeys ?? ["sandbox-key"];
  if (apiKeys.length === 0 || apiKeys.some((key) => typeof key !== "string" || key.length === 0)) {
    fail("apiKeys must be a non-empty list of non-empty strings");
  }
  const rateLimit = resolveRateLimit(options.rateLimit);
  const batches = options.batches ?? {};
  const route = batches.route ?? defaultBatchRoute;
  if (typeof route === "string" && !["completed", "failed", "retry"].includes(route)) {
    fail(`batches.route must be "completed", "failed", "retry" or a function (got ${JSON.stringify(route)})`);
  }
  const catalogue = { ...(batches.catalogue ?? DEFAULT_CATALOGUE) };
  for (const [styleKey, state] of Object.entries(catalogue)) {
    if (!isProductState(state))
      fail(`batches.catalogue["${styleKey}"] must be a product state such as "active" (got ${JSON.stringify(state)})`);
  }
  const unknownStyleKeys = batches.unknownStyleKeys ?? "create-draft";
  if (unknownStyleKeys !== "create-draft" && unknownStyleKeys !== "not-found") {
    fail(`batches.unknownStyleKeys must be "create-draft" or "not-found" (got ${JSON.stringify(unknownStyleKeys)})`);
  }
  const faults = options.faults ?? {};
  const rates = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, rate(kind, faults[kind])])) as Record<
    FaultKind,
    number
  >;
  const total = FAULT_KINDS.reduce((sum, kind) => sum + rates[kind], 0);
  if (total > 1 + 1e-9)
    fail(`the fault rates add up to ${total}; a request gets at most one fault, so they must add up to at most 1`);
  for (const key of faults.only ?? []) {
    if (!(key in operations)) fail(`faults.only has "${key}", which is not an operation`);
  }
  const port = nonNegative("port", options.port, 0);
  if (!Number.isInteger(port) || port > 65_535) fail(`port must be an integer from 0 to 65535 (got ${port})`);
  return {
    port,
    apiKeys: [...apiKeys],
    latencyMs: nonNegative("latencyMs", options.latencyMs, 0),
    rateLimit,
    statsWindowMs: rateLimit ? rateLimit.windowMs : 60_000,
    batches: {
      pendingMs: nonNegative("batches.pendingMs", batches.pendingMs, 1_000),
      processingMs: nonNegative("batches.processingMs", batches.processingMs, 2_000),
      retryMs: nonNegative("batches.retryMs", batches.retryMs, 1_000),
      dedupWindowMs: nonNegative("batches.dedupWindowMs", batches.dedupWindowMs, 60_000),
      route: typeof route === "function" ? route : () => route,
      catalogue,
      unknownStyleKeys,
      approvalMs: nonNegative("batches.approvalMs", batches.approvalMs, 2_000),
    },
    faults: {
      seed: faults.seed ?? 1,
      slowMs: nonNegative("faults.slowMs", faults.slowMs, 5_000),
      only: faults.only,
      ...rates,
    },
    now: options.now ?? Date.now,
  };
}
