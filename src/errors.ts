/**
 * The error tree. Every failure a caller can meet is a SellersCenterError
 * whose message says what went wrong and what to do next. Messages are
 * built once, at construction, from already-redacted parts, so neither
 * `message`, `stack`, `JSON.stringify(err)` nor `util.inspect(err)` can
 * carry the API key.
 */

/**
 * The vendor's `X-RateLimit-*` response headers (and `Retry-After`), when the response had them.
 *
 * @example
 * if (err instanceof RateLimitError) console.error(err.rateLimit) // e.g. { limit: 100, remaining: 0, retryAfterMs: 12000 }
 */
export type RateLimitHeaders = { limit?: number; remaining?: number; retryAfterMs?: number };

/**
 * What an error carries besides its message: the second argument of the
 * {@link SellersCenterError} constructor (and of its subclasses that take one).
 *
 * @example
 * new ServerError("The API answered 503; try again later.", { status: 503, operation: "GET /api/v1/results/status" })
 */
export type SellersCenterErrorDetails = {
  /** HTTP status, when a response arrived. */
  status?: number;
  /** The operation, e.g. `GET /api/v1/results/status`. */
  operation?: string;
  /** The server's own `message`, or the start of its body when it was not JSON. */
  serverMessage?: string;
  rateLimit?: RateLimitHeaders;
  cause?: unknown;
};

/**
 * Base class of every error this package throws.
 *
 * @example
 * try { await client.getProductStatusResults(id) }
 * catch (err) { if (err instanceof SellersCenterError) console.error(err.operation, err.status, err.message) }
 */
export class SellersCenterError extends Error {
  override name = "SellersCenterError";
  readonly status: number | undefined;
  readonly operation: string | undefined;
  readonly serverMessage: string | undefined;
  readonly rateLimit: RateLimitHeaders | undefined;

  constructor(message: string, details: SellersCenterErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.operation = details.operation;
    this.serverMessage = details.serverMessage;
    this.rateLimit = details.rateLimit;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      operation: this.operation,
      serverMessage: this.serverMessage,
      rateLimit: this.rateLimit,
    };
  }
}

/**
 * HTTP 400: the server refused the request as invalid. Fix the input; retrying the same request will fail again.
 *
 * @example
 * if (err instanceof BadRequestError) console.error("fix the input:", err.serverMessage)
 */
export class BadRequestError extends SellersCenterError {
  override name = "BadRequestError";
}

/**
 * HTTP 401: the API key is missing, wrong or expired. Ask an admin for a valid key.
 *
 * @example
 * if (err instanceof UnauthorizedError) console.error("check SELLERS_CENTER_API_KEY:", err.message)
 */
export class UnauthorizedError extends SellersCenterError {
  override name = "UnauthorizedError";
}

/**
 * HTTP 404: e.g. an unknown batch id (or one not visible yet right after submission).
 *
 * @example
 * if (err instanceof NotFoundError) console.error(`no batch ${batchRequestId} for this API key`)
 */
export class NotFoundError extends SellersCenterError {
  override name = "NotFoundError";
}

/**
 * HTTP 429: the vendor's rate limit was exceeded (after the client's own retries, if any).
 *
 * @example
 * if (err instanceof RateLimitError) console.error(`rate limited; retry after ${err.rateLimit?.retryAfterMs ?? "?"} ms`)
 */
export class RateLimitError extends SellersCenterError {
  override name = "RateLimitError";
}

/**
 * HTTP 5xx, or any status the spec does not document: the vendor had a problem. Usually worth retrying later.
 *
 * @example
 * if (err instanceof ServerError) console.error(err.status, err.serverMessage)
 */
export class ServerError extends SellersCenterError {
  override name = "ServerError";
}

/**
 * A 2xx response whose body is not what the spec describes (not JSON, or missing required fields).
 * A subclass of {@link ServerError}.
 *
 * @example
 * if (err instanceof InvalidResponseError) console.error(err.operation, err.message)
 */
export class InvalidResponseError extends ServerError {
  override name = "InvalidResponseError";
}

/**
 * No HTTP response arrived: connection refused, reset or dropped.
 *
 * @example
 * if (err instanceof NetworkError && !err.requestMayHaveBeenProcessed) {
 *   await client.updateProductStatus(items); // the server never saw it: safe to send again
 * }
 */
export class NetworkError extends SellersCenterError {
  override name = "NetworkError";
  /** Low-level code such as `ECONNREFUSED`, when known. */
  readonly code: string | undefined;
  /**
   * False only when the request surely never reached the server (the
   * connection was refused), so a non-idempotent request may be resent.
   */
  readonly requestMayHaveBeenProcessed: boolean;

  constructor(
    message: string,
    details: SellersCenterErrorDetails & { code?: string; requestMayHaveBeenProcessed: boolean },
  ) {
    super(message, details);
    this.code = details.code;
    this.requestMayHaveBeenProcessed = details.requestMayHaveBeenProcessed;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, requestMayHaveBeenProcessed: this.requestMayHaveBeenProcessed };
  }
}

/**
 * One attempt took longer than `timeoutMs`.
 *
 * @example
 * if (err instanceof TimeoutError) console.error(`no answer within ${err.timeoutMs} ms`)
 */
export class TimeoutError extends SellersCenterError {
  override name = "TimeoutError";
  readonly timeoutMs: number;
  /** Always true: the request was sent, and the server may have processed it before the time ran out. */
  readonly requestMayHaveBeenProcessed = true;

  constructor(message: string, details: SellersCenterErrorDetails & { timeoutMs: number }) {
    super(message, details);
    this.timeoutMs = details.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, requestMayHaveBeenProcessed: true };
  }
}

/**
 * The client's options are unusable (no API key, a non-https base URL, ...). Thrown by `createSellersCenterClient`.
 *
 * @example
 * createSellersCenterClient({ apiKey, baseUrl: "http://partner.aboutyou.com" }) // throws ConfigurationError: https only
 */
export class ConfigurationError extends SellersCenterError {
  override name = "ConfigurationError";
}

/**
 * One problem {@link ValidationError} found in the input.
 *
 * @example
 * err.issues[0] // { path: "items[0].style_key", index: 0, field: "style_key", message: "must not be empty or blank" }
 */
export type ValidationIssue = {
  /** Where, e.g. `items[3].style_key` or `batchRequestId`. */
  path: string;
  /** Index of the offending item, for item-level issues. */
  index?: number;
  /** The offending field, e.g. `style_key`. */
  field?: string;
  message: string;
};

/**
 * Invalid input, refused by the client before anything was sent.
 *
 * @example
 * try { await client.updateProductStatus([{ style_key: " ", status: "published" }]) }
 * catch (err) { if (err instanceof ValidationError) for (const issue of err.issues) console.error(issue.path, issue.message) }
 */
export class ValidationError extends SellersCenterError {
  override name = "ValidationError";
  readonly issues: ValidationIssue[];

  constructor(operation: string, issues: ValidationIssue[]) {
    const shown = issues.slice(0, 5).map((issue) => `${issue.path} ${issue.message}`);
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
    super(
      `Invalid input for ${operation}: ${shown.join("; ")}${more}. Nothing was sent; fix the input and call again.`,
      {
        operation,
      },
    );
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** Whole seconds, minutes or hours, for messages: 7_200_000 -> "2 h", 90_000 -> "1.5 min". */
function formatWaitDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** Inline type import: this file is appended to, and keeps its imports as they are. */
type BatchResults = import("./types.ts").ProductStatusResults;

/**
 * Waiting for a batch's results reached its deadline (`timeoutMs`) before the
 * batch was `completed` or `failed`. The batch may still finish: it was not
 * cancelled. `lastResults` holds the last results seen (undefined when no poll
 * succeeded).
 *
 * @example
 * try { await client.waitForProductStatusResults(id, { timeoutMs: 600_000 }) }
 * catch (err) { if (err instanceof BatchTimeoutError) console.log(err.batchRequestId, err.lastResults?.status) }
 */
export class BatchTimeoutError extends SellersCenterError {
  override name = "BatchTimeoutError";
  readonly batchRequestId: string;
  readonly lastResults: BatchResults | undefined;
  readonly elapsedMs: number;

  constructor(details: {
    batchRequestId: string;
    lastResults: BatchResults | undefined;
    elapsedMs: number;
    operation?: string;
  }) {
    const { batchRequestId, lastResults, elapsedMs } = details;
    const last = lastResults ? `last status "${lastResults.status}"` : "no status seen yet";
    super(
      `Batch ${batchRequestId} did not finish within ${formatWaitDuration(elapsedMs)} of waiting (${last}). ` +
        `It was not cancelled and may still finish: check again later with getProductStatusResults("${batchRequestId}") ` +
        `or the CLI \`sellers-center status ${batchRequestId} --wait\`, or wait longer with a larger timeoutMs.`,
      details.operation === undefined ? {} : { operation: details.operation },
    );
    this.batchRequestId = batchRequestId;
    this.lastResults = lastResults;
    this.elapsedMs = elapsedMs;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      batchRequestId: this.batchRequestId,
      elapsedMs: this.elapsedMs,
      lastResults: this.lastResults,
    };
  }
}
