/**
 * createSellersCenterClient: options -> an openapi-fetch client on the
 * transport, plus typed methods that validate input, throw typed errors
 * and never return half-results.
 */
import createClient, { type Client } from "openapi-fetch";
import { type SetProductStatusOptions, type SetProductStatusResult, setProductStatus } from "./batch/set-status.ts";
import { type WaitForResultsOptions, waitForResults } from "./batch/wait.ts";
import { InvalidResponseError } from "./errors.ts";
import { resolveApiKey, resolveBaseUrl, resolveTimeoutMs } from "./options.ts";
import { type RateLimitOptions, type RetryOptions, resolveRateLimit, resolveRetry } from "./rate-limit/options.ts";
import { LimiterSet } from "./rate-limit/registry.ts";
import type { Admission } from "./rate-limit/waiting-room.ts";
import { type Redactor, redactSecrets } from "./redact.ts";
import { errorFromResponse, parseSuccess } from "./response.ts";
import { backoffDelay, type RateLimitedEvent, type RetryEvent } from "./retry.ts";
import { sleep } from "./sleep.ts";
import type { OperationKey } from "./spec.ts";
import { createTransport, type FetchLike, type Transport } from "./transport.ts";
import type { ProductStatusItem, ProductStatusResults, paths, UpdateProductStatusResponse } from "./types.ts";
import { validateBatchRequestId, validateProductStatusItems } from "./validate.ts";

/**
 * Options of {@link createSellersCenterClient}; every one has a default.
 *
 * @example
 * const client = createSellersCenterClient({
 *   apiKey: process.env.SELLERS_CENTER_API_KEY,
 *   timeoutMs: 10_000,
 *   retry: { retries: 5 },
 *   onRetry: ({ operation, attempt, reason }) => console.warn(`${operation}: attempt ${attempt} failed (${reason})`),
 * });
 */
export type SellersCenterClientOptions = {
  /** The API key. Default: the `SELLERS_CENTER_API_KEY` environment variable. */
  apiKey?: string;
  /** Default `https://partner.aboutyou.com`. Plain http only for loopback hosts (local tests). */
  baseUrl?: string | URL;
  /** The fetch to send with (default: the global fetch). */
  fetch?: FetchLike;
  /** Limit for one attempt, including reading the body. Default 30 000 ms. */
  timeoutMs?: number;
  /**
   * Client-side rate limiting (default: on, with the spec's limits). At most
   * `limit` requests per operation and key in ANY window-long span. `false`
   * turns it off (then you must keep under the vendor's limits yourself).
   */
  rateLimit?: RateLimitOptions | false;
  /** Retries of transient failures and 429s. `false`: no retries at all. */
  retry?: RetryOptions | false;
  /** Called before a retry of a transient failure (for logs and metrics; must not throw). */
  onRetry?: (event: RetryEvent) => void;
  /** Called when a 429 or `X-RateLimit-Remaining: 0` holds an operation's queue. */
  onRateLimited?: (event: RateLimitedEvent) => void;
  /** Called with background errors of the limiter (e.g. Redis unreachable). Default: console.warn, redacted. */
  onError?: (error: unknown) => void;
};

/**
 * Per-call options of the client's request methods.
 *
 * @example
 * const results = await client.getProductStatusResults(batchRequestId, { signal: AbortSignal.timeout(60_000) });
 */
export type RequestOptions = {
  /** Aborts the call at once, wherever it is waiting. */
  signal?: AbortSignal;
};

/**
 * The client {@link createSellersCenterClient} returns: typed methods for the
 * API's operations, `api` for anything else in the spec, and `close()`.
 *
 * @example
 * const client: SellersCenterClient = createSellersCenterClient();
 * try {
 *   const summary = await client.setProductStatus([{ style_key: "ABC-123", status: "inactive" }]);
 *   console.log(`${summary.succeeded} of ${summary.total} set`);
 * } finally {
 *   await client.close();
 * }
 */
export type SellersCenterClient = {
  /**
   * The openapi-fetch client typed by the spec, with auth (and every other
   * concern of the transport) already applied: the escape hatch to every
   * operation in the spec. HTTP errors come back as values (`{ error, response }`).
   */
  readonly api: Client<paths>;
  /** Submits a batch of status changes; resolves with `{ batchRequestId }`. */
  updateProductStatus(
    items: readonly ProductStatusItem[],
    options?: RequestOptions,
  ): Promise<UpdateProductStatusResponse>;
  /** Reads a batch's status and per-item results as they stand now. */
  getProductStatusResults(batchRequestId: string, options?: RequestOptions): Promise<ProductStatusResults>;
  /**
   * Polls a batch (through the rate limiter, like every request) until its
   * status is `completed` or `failed`, and resolves with those results.
   * `pending`, `processing`, `retry` and statuses the spec does not list keep
   * it polling. Polls start every 750 ms and space out to 10% of the time
   * waited, up to 55 s. Rejects with `BatchTimeoutError` (carrying the last
   * results) after `timeoutMs` (default 2 h), with the signal's reason on
   * abort, at once on 401/400, and after persisting 5xx/network/429 errors
   * (more than 10 in a row or 5 min); a 404 within 30 s of the start means
   * "not visible yet". See `WaitForResultsOptions`.
   *
   * @example
   * const { batchRequestId } = await client.updateProductStatus(items);
   * const results = await client.waitForProductStatusResults(batchRequestId, {
   *   timeoutMs: 30 * 60_000,
   *   onProgress: ({ status, elapsedMs, nextPollInMs }) => console.error(status, elapsedMs, nextPollInMs),
   * });
   * console.log(summarizeBatch(results));
   */
  waitForProductStatusResults(batchRequestId: string, options?: WaitForResultsOptions): Promise<ProductStatusResults>;
  /**
   * Sets product statuses and waits for the outcome: validates every item,
   * submits them in batches of `batchSize` (default 1000), waits for each and
   * resolves with the merged summary (`total`, `succeeded`, `failed`,
   * `failures`, per-batch statuses, and `unreported` items the results left
   * out). Once a batch was submitted, a failure throws `SetProductStatusError`
   * carrying `submittedBatchIds`, so no batch is lost.
   *
   * @example
   * const summary = await client.setProductStatus(
   *   [{ style_key: "ABC-123", status: "published" }, { style_key: "DEF-456", status: "inactive" }],
   *   { onProgress: (p) => console.error(`batch ${p.batchIndex + 1}/${p.batchCount}: ${p.status}`) },
   * );
   * for (const f of summary.failures) console.log(f.styleKey, f.errors.join("; "));
   */
  setProductStatus(
    items: readonly ProductStatusItem[],
    options?: SetProductStatusOptions,
  ): Promise<SetProductStatusResult>;
  /**
   * Releases the client's share of the rate limiters (and its Redis
   * connection, if it opened one). Tokens still owed come back on schedule:
   * locally to the limiter other clients of the same key keep using, in Redis
   * through the shared ledger.
   */
  close(): Promise<void>;
};

type TextResult = { data?: unknown; error?: unknown; response: Response };

/** The body openapi-fetch read with `parseAs: "text"`, back as text (errors arrive JSON-parsed when they were JSON). */
function bodyText(result: TextResult): string {
  const body = result.response.ok ? result.data : result.error;
  if (body === undefined || body === null) return "";
  return typeof body === "string" ? body : JSON.stringify(body);
}

/** Typed data from what openapi-fetch returned, or the typed error. */
function settle<T>(result: TextResult, operation: OperationKey, redact: Redactor): T {
  const { response } = result;
  const text = bodyText(result);
  if (!response.ok) throw errorFromResponse(response, text, operation, redact);
  return parseSuccess<T>(response, text, operation, redact);
}

/**
 * `client.api`: openapi-fetch as it is, except that a call's `signal` also
 * reaches the transport directly (see prepareRequest: the Request's own
 * signal can lose track of it).
 */
function withCallerSignals(client: Client<paths>, transport: Transport): Client<paths> {
  const methods = new Set(["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"]);
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== "string" || !methods.has(property) || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const init = args.at(-1);
        if (init && typeof init === "object" && "signal" in init && !("fetch" in init)) {
          const { signal } = init as { signal?: AbortSignal };
          args[args.length - 1] = { ...init, fetch: transport.forCall({ signal }) };
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * Creates a client for the Sellers Center API.
 *
 * @example
 * const client = createSellersCenterClient({ apiKey: process.env.SELLERS_CENTER_API_KEY });
 * const { batchRequestId } = await client.updateProductStatus([{ style_key: "ABC-123", status: "published" }]);
 * const results = await client.getProductStatusResults(batchRequestId);
 */
export function createSellersCenterClient(options: SellersCenterClientOptions = {}): SellersCenterClient {
  const apiKey = resolveApiKey(options.apiKey);
  const baseUrl = resolveBaseUrl(options.baseUrl);
  const redact: Redactor = (text) => redactSecrets(text, [apiKey]);
  const rateLimit = resolveRateLimit(options.rateLimit);
  const retry = resolveRetry(options.retry);
  const hook =
    <E>(callback: ((event: E) => void) | undefined) =>
    (event: E) => {
      try {
        callback?.(event);
      } catch {
        // a logging hook must not break the request it reports on
      }
    };
  const onError = hook<unknown>(
    options.onError ?? ((error) => console.warn(`sellers-center-client: ${redact(String(error))}`)),
  );
  const onRateLimited = hook(options.onRateLimited);
  const onRetry = hook(options.onRetry);
  const limiters = rateLimit
    ? new LimiterSet(apiKey, rateLimit, {
        onError,
        onDrain: (operation, _tokens, delayMs) =>
          onRateLimited({ operation, attempt: 1, delayMs, reason: "X-RateLimit-Remaining" }),
      })
    : undefined;
  const transport = createTransport({
    apiKey,
    baseUrl,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    timeoutMs: resolveTimeoutMs(options.timeoutMs),
    redact,
    limiters,
    retry,
    onRetry,
    onRateLimited,
  });
  const raw = createClient<paths>({ baseUrl: baseUrl.href.replace(/\/$/, ""), fetch: transport });
  const api = withCallerSignals(raw, transport);

  /**
   * Typed calls wait in the limiter's waiting room before they build their
   * request, so a large backlog costs little memory and an abort frees its
   * place at once; then they take the same road as every request. (No async
   * wrapper here: each suspended frame would cost every waiting call.)
   */
  function admit(operation: OperationKey, signal: AbortSignal | undefined): Promise<Admission | undefined> {
    if (!limiters) return Promise.resolve(undefined);
    const limiter = limiters.ready(operation);
    return limiter ? limiter.admit(signal) : limiters.for(operation).then((created) => created.admit(signal));
  }
  const callFetch = (admission: Admission | undefined, signal: AbortSignal | undefined) =>
    admission || signal ? { fetch: transport.forCall({ admission, signal }) } : {};

  const RESULTS: OperationKey = "GET /api/v1/results/status";
  /** One read of a batch's results (input already validated), through the waiting room and the transport. */
  async function readResults(batchRequestId: string, signal: AbortSignal | undefined): Promise<ProductStatusResults> {
    const admission = await admit(RESULTS, signal);
    try {
      const result = await api.GET("/api/v1/results/status", {
        params: { query: { batch_request_id: batchRequestId } },
        parseAs: "text",
        ...(signal ? { signal } : {}),
        ...callFetch(admission, signal),
      });
      return settle<ProductStatusResults>(result, RESULTS, redact);
    } finally {
      admission?.release();
    }
  }

  const client: SellersCenterClient = {
    api,
    async updateProductStatus(items, { signal } = {}) {
      validateProductStatusItems(items);
      const operation = "PUT /api/v1/products/status";
      const admission = await admit(operation, signal);
      try {
        const result = await api.PUT("/api/v1/products/status", {
          body: { items: items.map(({ style_key, status }) => ({ style_key, status })) },
          parseAs: "text",
          ...(signal ? { signal } : {}),
          ...callFetch(admission, signal),
        });
        return settle<UpdateProductStatusResponse>(result, operation, redact);
      } finally {
        admission?.release();
      }
    },
    async getProductStatusResults(batchRequestId, { signal } = {}) {
      validateBatchRequestId(batchRequestId);
      // A malformed answer to a read is worth another read, as a 5xx is (the transport retries those).
      for (let retried = 0; ; retried++) {
        try {
          return await readResults(batchRequestId, signal);
        } catch (error) {
          if (!(error instanceof InvalidResponseError) || retried >= retry.retries) throw error;
          const delayMs = backoffDelay(retried + 1, retry);
          onRetry({ operation: RESULTS, attempt: retried + 1, delayMs, reason: "InvalidResponseError" });
          await sleep(delayMs, signal);
        }
      }
    },
    waitForProductStatusResults(batchRequestId, waitOptions) {
      return waitForResults(
        (id, { signal }) => client.getProductStatusResults(id, { signal }),
        batchRequestId,
        waitOptions,
      );
    },
    setProductStatus(items, setOptions) {
      return setProductStatus(client, items, setOptions);
    },
    async close() {
      await limiters?.release();
    },
  };
  return client;
}
