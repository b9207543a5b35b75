/**
 * The rateLimit and retry options: their types, defaults and strict checks
 * (Bottleneck's own options accept any name, so a typo there is silent;
 * ours is refused at creation).
 */
import { ConfigurationError } from "../errors.ts";
import { defaultRateLimit, operations } from "../generated/operations.ts";
import type { OperationKey } from "../types.ts";

/**
 * An ioredis client (ioredis is an optional peer dependency: install it to share limits through Redis).
 *
 * @example
 * import { Redis } from "ioredis";
 * const client = createSellersCenterClient({ rateLimit: { redis: { client: new Redis("redis://127.0.0.1:6379") } } });
 */
export type RedisClientLike = { duplicate(...args: never[]): unknown; status: string };

/**
 * The `rateLimit` option of {@link SellersCenterClientOptions}: how the client keeps under the vendor's limits.
 *
 * @example
 * const client = createSellersCenterClient({
 *   rateLimit: { limits: { "PUT /api/v1/products/status": 80 }, redis: { url: "redis://127.0.0.1:6379" } },
 * });
 */
export type RateLimitOptions = {
  /** Window of every operation's limit, in ms. Default: the spec's (one minute). */
  windowMs?: number;
  /** Override the spec's per-operation limits, e.g. to leave room for another tool using the same key. */
  limits?: Partial<Record<OperationKey, number>>;
  /** Budget name: clients with the same API key and id share one budget (per process, or through Redis). Default "default". */
  id?: string;
  /** Share the budget with every process using the same key and id. */
  redis?: { client: RedisClientLike } | { url: string };
};

/**
 * The `retry` option of {@link SellersCenterClientOptions}: which failures are retried, how often and how far apart.
 *
 * @example
 * const client = createSellersCenterClient({ retry: { retries: 5, baseDelayMs: 1_000, maxRateLimitRetries: 10 } });
 */
export type RetryOptions = {
  /** Retries after a transient failure (5xx, 408, dropped connection, timeout). Default 3. */
  retries?: number;
  /** First backoff delay; doubles each retry, with full jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff delay. Default 30 000 ms. */
  maxDelayMs?: number;
  /** 429s tolerated for one request before it fails with RateLimitError. Default 5. */
  maxRateLimitRetries?: number;
  /**
   * Also retry non-idempotent requests (the PUT) after failures where the
   * server may have processed them (5xx, timeouts, dropped connections).
   * Default false: only 429s and refused connections are retried for them.
   */
  retryUnsafeRequests?: boolean;
};

export type ResolvedRateLimit = {
  windowMs: number | undefined;
  limits: Partial<Record<string, number>>;
  id: string;
  redis: RateLimitOptions["redis"];
};
export type ResolvedRetry = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetry = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitRetries: 5,
  retryUnsafeRequests: false,
};

function refuseUnknownKeys(name: string, value: object, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ConfigurationError(`Unknown ${name} option "${key}". Known options: ${allowed.join(", ")}.`);
    }
  }
}

function positive(name: string, value: unknown, integer = false): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ConfigurationError(
      `${name} must be a positive ${integer ? "integer" : "number"} (got ${String(value)}).`,
    );
  }
  return value;
}

function nonNegativeInteger(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ConfigurationError(`${name} must be a whole number >= 0 (got ${String(value)}).`);
  }
  return value;
}

export function resolveRateLimit(options: RateLimitOptions | false | undefined): ResolvedRateLimit | false {
  if (options === false) return false;
  const value = options ?? {};
  refuseUnknownKeys("rateLimit", value, ["windowMs", "limits", "id", "redis"]);
  const limits: Partial<Record<string, number>> = {};
  for (const [key, limit] of Object.entries(value.limits ?? {})) {
    if (!(key in operations)) {
      throw new ConfigurationError(
        `rateLimit.limits names "${key}", which is not an operation of the spec. Known: ${Object.keys(operations).join(", ")}.`,
      );
    }
    limits[key] = positive(`rateLimit.limits["${key}"]`, limit, true);
  }
  if (value.redis !== undefined) {
    const redis = value.redis as Record<string, unknown>;
    if (!redis || typeof redis !== "object" || !("client" in redis || "url" in redis)) {
      throw new ConfigurationError('rateLimit.redis must be { client: <ioredis client> } or { url: "redis://..." }.');
    }
  }
  if (value.id !== undefined && (typeof value.id !== "string" || value.id.trim() === "")) {
    throw new ConfigurationError("rateLimit.id must be a non-empty string.");
  }
  return {
    windowMs: value.windowMs === undefined ? undefined : positive("rateLimit.windowMs", value.windowMs),
    limits,
    id: value.id ?? "default",
    redis: value.redis,
  };
}

export function resolveRetry(options: RetryOptions | false | undefined): ResolvedRetry {
  if (options === false) return { ...DEFAULT_RETRY, retries: 0, maxRateLimitRetries: 0 };
  const value = options ?? {};
  refuseUnknownKeys("retry", value, Object.keys(DEFAULT_RETRY));
  const resolved = { ...DEFAULT_RETRY, ...value };
  nonNegativeInteger("retry.retries", resolved.retries);
  nonNegativeInteger("retry.maxRateLimitRetries", resolved.maxRateLimitRetries);
  positive("retry.baseDelayMs", resolved.baseDelayMs);
  positive("retry.maxDelayMs", resolved.maxDelayMs);
  return resolved;
}

/** The limit and window for an operation key (or an unknown "METHOD /path"). */
export function limitFor(operation: string, config: ResolvedRateLimit): { limit: number; windowMs: number } {
  const spec =
    (operations as Record<string, { rateLimit: { limit: number; windowMs: number } }>)[operation]?.rateLimit ??
    defaultRateLimit;
  return { limit: config.limits[operation] ?? spec.limit, windowMs: config.windowMs ?? spec.windowMs };
}
