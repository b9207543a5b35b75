/**
 * Rate-limit accounting per API key and operation, in two window modes:
 * - sliding: a request is accepted when fewer than `limit` requests were
 *   accepted in the last `windowMs` (a timestamp exactly `windowMs` old no
 *   longer counts), so at most `limit` pass in ANY window-long span;
 * - fixed: slots aligned to multiples of `windowMs` since the epoch, each
 *   accepting `limit` (so up to 2 x limit can pass across a slot boundary).
 * Refused requests (429) do not use up the window.
 */
import type { OperationKey } from "../generated/operations.ts";

export type RateConfig = { windowMs: number; mode: "fixed" | "sliding"; limits: Record<OperationKey, number> };
export type RateDecision = { accepted: boolean; limit: number; remaining: number };

type Bucket = { accepted: number[]; slot: number; slotCount: number };

export class RateWindows {
  readonly #config: RateConfig;
  readonly #buckets = new Map<string, Bucket>();

  constructor(config: RateConfig) {
    this.#config = config;
  }

  #bucket(label: string, operation: OperationKey, now: number): Bucket {
    const id = `${label} ${operation}`;
    let bucket = this.#buckets.get(id);
    if (!bucket) {
      bucket = { accepted: [], slot: 0, slotCount: 0 };
      this.#buckets.set(id, bucket);
    }
    if (this.#config.mode === "sliding") {
      const oldest = now - this.#config.windowMs;
      while (bucket.accepted.length > 0 && (bucket.accepted[0] ?? 0) <= oldest) bucket.accepted.shift();
    } else {
      const slot = Math.floor(now / this.#config.windowMs);
      if (slot !== bucket.slot) {
        bucket.slot = slot;
        bucket.slotCount = 0;
      }
    }
    return bucket;
  }

  #used(bucket: Bucket): number {
    return this.#config.mode === "sliding" ? bucket.accepted.length : bucket.slotCount;
  }

  /** Counts the request against the key's window for `operation` if there is room; says whether it was accepted. */
  take(label: string, operation: OperationKey, now: number): RateDecision {
    const limit = this.#config.limits[operation];
    const bucket = this.#bucket(label, operation, now);
    const accepted = this.#used(bucket) < limit;
    if (accepted) {
      if (this.#config.mode === "sliding") bucket.accepted.push(now);
      else bucket.slotCount += 1;
    }
    return { accepted, limit, remaining: Math.max(0, limit - this.#used(bucket)) };
  }

  /** The headers' figures without counting a request (for answers to callers whose key is unknown). */
  peekUnknownCaller(operation: OperationKey): Omit<RateDecision, "accepted"> {
    const limit = this.#config.limits[operation];
    return { limit, remaining: limit };
  }
}
