/**
 * What the sandbox saw: requests per key label and operation, 429s, batches,
 * deduplicated submissions, injected faults, and the largest number of
 * requests that ARRIVED (accepted or refused) for one key and operation in
 * any window: the figure that proves a client never exceeded a limit.
 */
import type { OperationKey } from "../types.ts";

/**
 * What the sandbox saw for one operation (all keys together).
 *
 * @example
 * const put: OperationStats | undefined = sandbox.stats().byOperation["PUT /api/v1/products/status"];
 * console.log(put?.accepted, put?.rateLimited, put?.maxInSlidingWindow);
 */
export type OperationStats = {
  /** Requests that arrived with a valid key (accepted or refused). */
  requests: number;
  /** Requests that passed the rate limit. */
  accepted: number;
  /** Requests answered 429. */
  rateLimited: number;
  /** Most arrivals for one key in any `windowMs`-long span. */
  maxInSlidingWindow: number;
  /** Most arrivals for one key in one slot aligned to multiples of `windowMs` since the epoch. */
  maxInFixedWindow: number;
};

/**
 * A snapshot of what the sandbox has seen: `sandbox.stats()`.
 *
 * @example
 * const stats: SandboxStats = sandbox.stats();
 * expect(stats.rateLimited).toBe(0);
 * expect(stats.maxInAnyWindow).toBeLessThanOrEqual(100);
 */
export type SandboxStats = {
  /** Per key label (`key#1` is the first configured key; never the key itself), per operation: requests that arrived. */
  requests: Record<string, Partial<Record<OperationKey, number>>>;
  byOperation: Partial<Record<OperationKey, OperationStats>>;
  /** 429s sent in total. */
  rateLimited: number;
  /** Most requests that arrived (accepted or refused) for one key and operation in any `windowMs`-long span. */
  maxInAnyWindow: number;
  /** Requests answered 401 (no or unknown key); they count against no key. */
  unauthorized: number;
  batchesCreated: number;
  /** Submissions answered with the id of an identical in-flight batch. */
  deduplicated: number;
  /** Per fault kind (`serverError` also per form: `serverError:json`, `serverError:html`, `serverError:empty`). */
  faultsInjected: Partial<Record<string, number>>;
};

type ArrivalLog = { times: number[]; slot: number; slotCount: number };

export class StatsRecorder {
  readonly #windowMs: number;
  #stats: SandboxStats = StatsRecorder.#empty();
  #arrivals = new Map<string, ArrivalLog>();

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  static #empty(): SandboxStats {
    return {
      requests: {},
      byOperation: {},
      rateLimited: 0,
      maxInAnyWindow: 0,
      unauthorized: 0,
      batchesCreated: 0,
      deduplicated: 0,
      faultsInjected: {},
    };
  }

  #operation(operation: OperationKey): OperationStats {
    const existing = this.#stats.byOperation[operation];
    if (existing) return existing;
    const created = { requests: 0, accepted: 0, rateLimited: 0, maxInSlidingWindow: 0, maxInFixedWindow: 0 };
    this.#stats.byOperation[operation] = created;
    return created;
  }

  /** A request with a valid key arrived (before the rate limit decides). */
  arrived(label: string, operation: OperationKey, now: number): void {
    this.#stats.requests[label] ??= {};
    const perKey = this.#stats.requests[label];
    perKey[operation] = (perKey[operation] ?? 0) + 1;
    const op = this.#operation(operation);
    op.requests += 1;

    const id = `${label} ${operation}`;
    let log = this.#arrivals.get(id);
    if (!log) {
      log = { times: [], slot: Math.floor(now / this.#windowMs), slotCount: 0 };
      this.#arrivals.set(id, log);
    }
    // Sliding: arrivals in (now - windowMs, now], the same span the sliding limiter uses.
    log.times.push(now);
    while ((log.times[0] ?? now) <= now - this.#windowMs) log.times.shift();
    const slot = Math.floor(now / this.#windowMs);
    if (slot !== log.slot) {
      log.slot = slot;
      log.slotCount = 0;
    }
    log.slotCount += 1;
    op.maxInSlidingWindow = Math.max(op.maxInSlidingWindow, log.times.length);
    op.maxInFixedWindow = Math.max(op.maxInFixedWindow, log.slotCount);
    this.#stats.maxInAnyWindow = Math.max(this.#stats.maxInAnyWindow, log.times.length);
  }

  accepted(operation: OperationKey): void {
    this.#operation(operation).accepted += 1;
  }

  rateLimited(operation: OperationKey): void {
    this.#operation(operation).rateLimited += 1;
    this.#stats.rateLimited += 1;
  }

  unauthorized(): void {
    this.#stats.unauthorized += 1;
  }

  batchCreated(): void {
    this.#stats.batchesCreated += 1;
  }

  deduplicated(): void {
    this.#stats.deduplicated += 1;
  }

  faultInjected(name: string): void {
    this.#stats.faultsInjected[name] = (this.#stats.faultsInjected[name] ?? 0) + 1;
  }

  /** A deep copy: later requests do not change a snapshot a test holds. */
  snapshot(): SandboxStats {
    return structuredClone(this.#stats);
  }

  /** Starts counting afresh, window maxima included. The rate limiter keeps its state: it is the server's, not the stats'. */
  reset(): void {
    this.#stats = StatsRecorder.#empty();
    this.#arrivals = new Map();
  }
}
