/**
 * The fault suite's harness: a sandbox with a small rate window and a short
 * batch lifecycle, clients with a small timeout and quick retries (their
 * limiter matching the sandbox's limits), and the checks every fault
 * scenario makes: every call settles with data or a typed error, no
 * unhandled rejection, no limit exceeded, the API key in no output.
 *
 * Call `useFaultHarness()` once at the top of a test file.
 */
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, expect, vi } from "vitest";
import {
  createSellersCenterClient,
  type SellersCenterClient,
  type SellersCenterClientOptions,
  SellersCenterError,
  type WaitForResultsOptions,
} from "../../src/index.ts";
import type { RateLimitedEvent, RetryEvent } from "../../src/retry.ts";
import { type FaultOptions, type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/index.ts";

export const UPDATE = "PUT /api/v1/products/status" as const;
export const RESULTS = "GET /api/v1/results/status" as const;

/** Distinctive enough that finding it in any output cannot be a coincidence. */
export const API_KEY = "fault-suite-KEY-5f1c0a9e7b2d";
export const WINDOW_MS = 250;
export const LIMITS = { [UPDATE]: 12, [RESULTS]: 24 } as const;
export const TIMEOUT_MS = 200;

/** Polls often, so a batch living ~60 ms is read within a few polls; gives up well inside the test timeout. */
export const QUICK_WAIT = {
  firstDelayMs: 10,
  minDelayMs: 20,
  maxDelayMs: 80,
  roundTripAllowanceMs: 0,
  timeoutMs: 10_000,
  maxConsecutiveErrors: 12,
} satisfies WaitForResultsOptions;

export type FaultClient = { client: SellersCenterClient; retries: RetryEvent[]; rateLimited: RateLimitedEvent[] };

const sandboxes: Sandbox[] = [];
const clients: SellersCenterClient[] = [];
let budgets = 0;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const consoleOutput: string[] = [];
const seenErrors: unknown[] = [];

/** Registers the file's hooks: output capture and the unhandled-rejection listener, cleanup after each test, final checks. */
export function useFaultHarness(): void {
  beforeAll(() => {
    process.on("unhandledRejection", onUnhandled);
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleOutput.push(args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 10 }))).join(" "));
      });
    }
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.close()));
    // Give a rejection nobody handled the turn it needs to be reported.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled, "unhandled rejections").toEqual([]);
  });

  afterAll(() => {
    process.off("unhandledRejection", onUnhandled);
    vi.restoreAllMocks();
    expect(seenErrors.length, "the file checked some errors for the key").toBeGreaterThan(0);
    expect(renderAll(seenErrors).filter((text) => text.includes(API_KEY))).toEqual([]);
    expect(consoleOutput.filter((text) => text.includes(API_KEY))).toEqual([]);
  });
}

/** Starts a sandbox for this test (closed after it): the client's key, the small window, a ~60 ms batch lifecycle, no dedup. */
export async function faultSandbox(
  faults: FaultOptions,
  overrides: Omit<SandboxOptions, "faults" | "apiKeys"> = {},
): Promise<Sandbox> {
  const sandbox = await startSandbox({
    apiKeys: [API_KEY],
    rateLimit: { windowMs: WINDOW_MS, limits: { ...LIMITS } },
    ...overrides,
    // Dedup off: a resent PUT would otherwise be folded into the first batch and a duplicate would go unseen.
    batches: { pendingMs: 20, processingMs: 40, retryMs: 20, approvalMs: 20, dedupWindowMs: 0, ...overrides.batches },
    faults,
  });
  sandboxes.push(sandbox);
  return sandbox;
}

/** A client for the sandbox with its own budget, limits matching the sandbox's, timeoutMs 200 and two quick retries. */
export function faultClient(sandbox: Sandbox, overrides: Partial<SellersCenterClientOptions> = {}): FaultClient {
  const retries: RetryEvent[] = [];
  const rateLimited: RateLimitedEvent[] = [];
  const client = createSellersCenterClient({
    apiKey: API_KEY,
    baseUrl: sandbox.url,
    timeoutMs: TIMEOUT_MS,
    rateLimit: { windowMs: WINDOW_MS, limits: { ...LIMITS }, id: `faults-${process.pid}-${++budgets}` },
    retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 },
    onRetry: (event) => retries.push(event),
    onRateLimited: (event) => rateLimited.push(event),
    ...overrides,
  });
  clients.push(client);
  return { client, retries, rateLimited };
}

/**
 * Splits settled calls into values and errors, asserting that every
 * rejection is a SellersCenterError (or one of the given abort reasons).
 * Every error is kept for the file's final check that the key is in none.
 */
export function settledTyped<T>(
  results: PromiseSettledResult<T>[],
  abortReasons: readonly unknown[] = [],
): { values: T[]; errors: unknown[] } {
  const values: T[] = [];
  const errors: unknown[] = [];
  for (const result of results) {
    if (result.status === "fulfilled") {
      values.push(result.value);
      continue;
    }
    const { reason } = result;
    seenErrors.push(reason);
    errors.push(reason);
    const typed = reason instanceof SellersCenterError || abortReasons.includes(reason);
    expect(typed, `an untyped rejection: ${inspect(reason)}`).toBe(true);
  }
  return { values, errors };
}

/** Every way an error can reach a log: String(), message, stack, JSON, inspect (with causes). */
function renderAll(errors: unknown[]): string[] {
  return errors.flatMap((error) => {
    const texts = [String(error), inspect(error, { depth: 20, showHidden: true })];
    try {
      texts.push(JSON.stringify(error) ?? "");
    } catch (serializationError) {
      texts.push(`JSON.stringify threw ${String(serializationError)}`);
    }
    for (
      let current: unknown = error, depth = 0;
      current instanceof Error && depth < 10;
      current = current.cause, depth++
    ) {
      texts.push(current.message, current.stack ?? "");
    }
    return texts;
  });
}

/** The limit held for every operation: never more arrivals in any window than the limit, and no 429. */
export function expectLimitsHeld(sandbox: Sandbox): void {
  const stats = sandbox.stats();
  expect(stats.rateLimited).toBe(0);
  for (const operation of [UPDATE, RESULTS]) {
    expect(stats.byOperation[operation]?.maxInSlidingWindow ?? 0).toBeLessThanOrEqual(LIMITS[operation]);
    expect(stats.byOperation[operation]?.maxInFixedWindow ?? 0).toBeLessThanOrEqual(LIMITS[operation]);
  }
}

/** One item with a style key nobody else uses, so no two submissions are alike. */
export function itemsFor(label: string, index: number): [{ style_key: string; status: "draft" }] {
  return [{ style_key: `${label}-${index}`, status: "draft" }];
}

export function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** Submits `count` single-item batches at once; every call settled. */
export async function submitMany(
  client: SellersCenterClient,
  label: string,
  count: number,
): Promise<{ ids: string[]; errors: unknown[] }> {
  const settled = await Promise.allSettled(
    range(count).map((index) => client.updateProductStatus(itemsFor(label, index))),
  );
  const { values, errors } = settledTyped(settled);
  return { ids: values.map((value) => value.batchRequestId), errors };
}

/** Waits for every id until `completed` or `failed` (through the faults), and asserts each got there. */
export async function expectAllTerminal(client: SellersCenterClient, ids: readonly string[]): Promise<void> {
  const settled = await Promise.allSettled(ids.map((id) => client.waitForProductStatusResults(id, QUICK_WAIT)));
  const { values, errors } = settledTyped(settled);
  expect(errors).toEqual([]);
  expect(values.map((results) => results.batchRequestId).sort()).toEqual([...ids].sort());
  for (const results of values) expect(["completed", "failed"]).toContain(results.status);
}

/** Keeps errors a test made by other means (e.g. `await expect(...).rejects`) for the file's key check. */
export function noteErrors(...errors: unknown[]): void {
  seenErrors.push(...errors);
}
