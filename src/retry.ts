/**
 * When a failed attempt is tried again, and after how long. Reads (GET) are
 * retried on transient failures; requests that change state (the PUT) only
 * where the server surely did not process them (429, refused connection),
 * unless the caller opts in.
 */
import { NetworkError, TimeoutError } from "./errors.ts";
import type { ResolvedRetry } from "./rate-limit/options.ts";

/** Methods that change nothing on the server, so repeating them is harmless. */
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * What the client's `onRetry` hook receives before a transient failure is retried.
 *
 * @example
 * createSellersCenterClient({
 *   onRetry: ({ operation, attempt, delayMs, reason }) => console.warn(`${operation} #${attempt}: ${reason}, again in ${delayMs} ms`),
 * });
 */
export type RetryEvent = {
  operation: string;
  /** The attempt that failed (1 = the first). */
  attempt: number;
  delayMs: number;
  /** e.g. "HTTP 503", "NetworkError ECONNRESET", "TimeoutError". */
  reason: string;
};

/**
 * What the client's `onRateLimited` hook receives when a 429 or `X-RateLimit-Remaining: 0` holds an operation's queue.
 *
 * @example
 * createSellersCenterClient({
 *   onRateLimited: ({ operation, reason, delayMs }) => console.warn(`${operation} held ${delayMs} ms (${reason})`),
 * });
 */
export type RateLimitedEvent = {
  operation: string;
  attempt: number;
  delayMs: number;
  reason: "429" | "X-RateLimit-Remaining";
};

/** A transient failure worth another attempt of a read; undefined when the outcome is final. */
export function transientReason(outcome: { response?: Response; error?: unknown }): string | undefined {
  const { response, error } = outcome;
  if (response) return response.status >= 500 || response.status === 408 ? `HTTP ${response.status}` : undefined;
  if (error instanceof TimeoutError) return "TimeoutError";
  if (error instanceof NetworkError) return `NetworkError ${error.code ?? ""}`.trim();
  return undefined;
}

/** Whether a transient failure may be retried for this method without risking a duplicate. */
export function mayRetry(method: string, outcome: { error?: unknown }, policy: ResolvedRetry): boolean {
  if (SAFE_METHODS.has(method) || policy.retryUnsafeRequests) return true;
  return outcome.error instanceof NetworkError && !outcome.error.requestMayHaveBeenProcessed;
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(retry-1))]. */
export function backoffDelay(retry: number, policy: ResolvedRetry, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}
