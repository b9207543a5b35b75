/**
 * The one fetch every request goes through, the typed methods' and
 * `client.api`'s alike: API key, rate limiter, per-attempt timeout, retries,
 * the caller's AbortSignal, and "no response" turned into typed errors.
 *
 * An attempt reads the whole body (so a stalled body counts against the
 * timeout, and a connection dropped mid-body is a NetworkError here).
 * HTTP errors are returned as responses (openapi-fetch makes them values);
 * only failures without a response throw.
 */
import { TimeoutError } from "./errors.ts";
import { toNetworkError } from "./network-errors.ts";
import { PRIORITY } from "./rate-limit/operation-limiter.ts";
import type { ResolvedRetry } from "./rate-limit/options.ts";
import type { LimiterSet } from "./rate-limit/registry.ts";
import type { Admission } from "./rate-limit/waiting-room.ts";
import type { Redactor } from "./redact.ts";
import { readRateLimitHeaders } from "./response.ts";
import {
  backoffDelay,
  mayRetry,
  type RateLimitedEvent,
  type RetryEvent,
  SAFE_METHODS,
  transientReason,
} from "./retry.ts";
import { sleep } from "./sleep.ts";
import { operationFor } from "./spec.ts";

/**
 * The fetch the client sends with (its `fetch` option): called with a `Request`, resolves with a `Response`.
 *
 * @example
 * const loggingFetch: FetchLike = async (request) => {
 *   const response = await fetch(request);
 *   console.log(request.method, new URL(request.url).pathname, response.status);
 *   return response;
 * };
 * const client = createSellersCenterClient({ fetch: loggingFetch });
 */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

export type TransportOptions = {
  apiKey: string;
  baseUrl: URL;
  fetch: FetchLike;
  timeoutMs: number;
  redact: Redactor;
  limiters: LimiterSet | undefined;
  retry: ResolvedRetry;
  onRetry?: ((event: RetryEvent) => void) | undefined;
  onRateLimited?: ((event: RateLimitedEvent) => void) | undefined;
};

/** What one attempt needs; the body is kept as bytes so an attempt can be repeated. */
export type PreparedRequest = {
  /** "METHOD /path" from the spec, or "METHOD /actual/path" for a path the spec does not know. */
  operation: string;
  url: string;
  method: string;
  headers: Headers;
  body: ArrayBuffer | undefined;
  signal: AbortSignal;
};

const BODYLESS_STATUSES = new Set([101, 204, 205, 304]);
/** When a 429 comes without Retry-After: the server's window can have reset after one window. */
const FALLBACK_WINDOW_MS = 60_000;

/** The path as the spec writes it: the request's path without the base URL's own prefix. */
function specPath(url: URL, baseUrl: URL): string {
  const prefix = baseUrl.pathname.replace(/\/$/, "");
  return prefix && url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || "/" : url.pathname;
}

export async function prepareRequest(
  input: Request,
  init: RequestInit | undefined,
  options: TransportOptions,
  callerSignal?: AbortSignal,
): Promise<PreparedRequest> {
  const request = init ? new Request(input, init) : input;
  const url = new URL(request.url);
  const path = specPath(url, options.baseUrl);
  const headers = new Headers(request.headers);
  headers.set("X-API-Key", options.apiKey);
  return {
    operation: operationFor(request.method, path) ?? `${request.method} ${path}`,
    url: request.url,
    method: request.method,
    headers,
    body: request.body ? await request.arrayBuffer() : undefined,
    // A Request's own signal follows the caller's through a weak reference in
    // Node's fetch: once garbage-collected, an abort no longer reaches it. So
    // the caller's signal itself is used whenever the client knows it.
    signal: callerSignal ?? request.signal,
  };
}

/** One attempt: send, read the whole body, or throw TimeoutError / NetworkError / the caller's abort reason. */
export async function sendAttempt(prepared: PreparedRequest, options: TransportOptions): Promise<Response> {
  const { signal: callerSignal } = prepared;
  callerSignal.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal.reason);
  callerSignal.addEventListener("abort", onCallerAbort, { once: true });
  const request = new Request(prepared.url, {
    method: prepared.method,
    headers: prepared.headers,
    body: prepared.body ?? null,
    signal: controller.signal,
    redirect: "follow",
  });
  try {
    const response = await options.fetch(request);
    const body = BODYLESS_STATUSES.has(response.status) ? null : await response.arrayBuffer();
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch (error) {
    if (callerSignal.aborted) throw callerSignal.reason;
    if (timedOut) {
      // A read can simply be retried; a state change may have been processed, so it must be looked up first.
      const advice = SAFE_METHODS.has(prepared.method)
        ? "retry, or raise the timeoutMs option"
        : "the request may have reached the server: look the batch up before resubmitting, or raise the timeoutMs option";
      throw new TimeoutError(
        `${prepared.operation}: no complete response within ${options.timeoutMs} ms. The server is slow or the connection stalled: ${advice}.`,
        { operation: prepared.operation, timeoutMs: options.timeoutMs },
      );
    }
    throw toNetworkError(error, prepared.operation, options.baseUrl.origin, options.redact);
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener("abort", onCallerAbort);
    // Node's fetch hears of an abort through this Request, which links its signal to
    // `controller` via a weak reference: were the Request collected mid-exchange, the
    // timeout and the caller's abort would be lost and a hung answer would hang forever.
    // Using it here keeps it reachable until the exchange is over.
    void request.signal.aborted;
  }
}

/** What the client knows of a call beyond its Request: its leave from the waiting room, the caller's own signal. */
export type CallContext = { admission?: Admission | undefined; signal?: AbortSignal | undefined };

/** The transport, and the same for one call whose context the client knows. */
export type Transport = FetchLike & { forCall(context: CallContext): FetchLike };

export function createTransport(options: TransportOptions): Transport {
  const { retry: policy } = options;

  async function transport(input: Request, init: RequestInit | undefined, call: CallContext = {}): Promise<Response> {
    const { admission } = call;
    const prepared = await prepareRequest(input, init, options, call.signal);
    const { operation, signal } = prepared;
    const limiter = await options.limiters?.for(operation);
    let rateLimited = 0;
    let retried = 0;

    for (let attempt = 1; ; attempt++) {
      let outcome: { response?: Response; error?: unknown };
      try {
        const priority = attempt > 1 ? PRIORITY.retry : PRIORITY.normal;
        const response = limiter
          ? await limiter.run(
              async (sentAt) => {
                const answer = await sendAttempt(prepared, options);
                limiter.noteRemaining(readRateLimitHeaders(answer.headers)?.remaining, sentAt);
                return answer;
              },
              { signal, priority, admission: attempt === 1 ? admission : undefined },
            )
          : await sendAttempt(prepared, options);
        outcome = { response };
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        outcome = { error };
      }

      const { response, error } = outcome;
      if (response?.status === 429) {
        // Not processed by the server, so safe to resend, the PUT included. Hold everyone first.
        // The hold is for everyone, even when this request has used up its own 429 retries.
        const delayMs = readRateLimitHeaders(response.headers)?.retryAfterMs ?? limiter?.windowMs ?? FALLBACK_WINDOW_MS;
        await limiter?.hold(delayMs);
        options.onRateLimited?.({ operation, attempt, delayMs, reason: "429" });
        if (rateLimited++ >= policy.maxRateLimitRetries) return response;
        if (!limiter) await sleep(delayMs, signal);
        continue;
      }

      const reason = transientReason(outcome);
      if (reason === undefined || retried >= policy.retries || !mayRetry(prepared.method, outcome, policy)) {
        if (response) return response;
        throw error;
      }
      retried++;
      const delayMs = backoffDelay(retried, policy);
      options.onRetry?.({ operation, attempt, delayMs, reason });
      await sleep(delayMs, signal);
    }
  }

  return Object.assign((input: Request, init?: RequestInit) => transport(input, init), {
    forCall:
      (context: CallContext): FetchLike =>
      (input, init) =>
        transport(input, init, context),
  });
}
