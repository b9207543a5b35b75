/**
 * From a Response to typed data or a typed error. The typed methods read
 * bodies here (not through openapi-fetch's JSON.parse), so a malformed or
 * HTML body becomes a useful error instead of a SyntaxError.
 */
import {
  BadRequestError,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  type RateLimitHeaders,
  type SellersCenterError,
  type SellersCenterErrorDetails,
  ServerError,
  UnauthorizedError,
} from "./errors.ts";
import type { Redactor } from "./redact.ts";
import { checkSchema } from "./schema-check.ts";
import { type OperationKey, responseSchema } from "./spec.ts";

const EXCERPT_LENGTH = 200;

function integerHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/** `Retry-After` as milliseconds, from delta-seconds or an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const raw = headers.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The rate-limit headers of a response, or undefined when it carried none. */
export function readRateLimitHeaders(headers: Headers): RateLimitHeaders | undefined {
  const result: RateLimitHeaders = {};
  const limit = integerHeader(headers, "x-ratelimit-limit");
  const remaining = integerHeader(headers, "x-ratelimit-remaining");
  const retryAfter = retryAfterMs(headers);
  if (limit !== undefined) result.limit = limit;
  if (remaining !== undefined) result.remaining = remaining;
  if (retryAfter !== undefined) result.retryAfterMs = retryAfter;
  return Object.keys(result).length > 0 ? result : undefined;
}

/** A one-line, readable start of a body: the `message` of JSON, the title or text of HTML, or the raw text. */
export function describeBody(text: string): { serverMessage: string | undefined; excerpt: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { serverMessage: undefined, excerpt: "(empty body)" };
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    if (parsed && typeof parsed === "object" && typeof (parsed as { message?: unknown }).message === "string") {
      const message = (parsed as { message: string }).message;
      return { serverMessage: message, excerpt: message };
    }
  } catch {
    // not JSON: fall through to text
  }
  let plain = trimmed;
  if (/^<!doctype html|^<html|<\/[a-z]+>/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    const bodyText = trimmed.replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " ");
    plain = title ? `${title}: ${bodyText}` : bodyText;
    plain = `HTML page: ${plain}`;
  }
  plain = plain.replace(/\s+/g, " ").trim();
  const excerpt = plain.length > EXCERPT_LENGTH ? `${plain.slice(0, EXCERPT_LENGTH)}…` : plain;
  return { serverMessage: excerpt, excerpt };
}

/** "Batch not found." -> "Batch not found", so the message does not end a sentence twice. */
function withoutFinalStop(text: string): string {
  return text.replace(/[.\s]+$/, "");
}

const ADVICE: Record<string, string> = {
  400: "The server refused the request as invalid: fix the input; resending it unchanged will fail again.",
  401: "Check the API key (SELLERS_CENTER_API_KEY): it may be wrong, revoked or expired, or belong to another environment.",
  404: "Check the id; a batch submitted moments ago may not be visible yet.",
  429: "The rate limit for this operation was exceeded: wait and retry, or lower the load sharing this API key.",
  5: "The vendor's server failed: retry later; if it persists, contact the vendor's support with the operation and time.",
  other: "The server answered with a status the spec does not document for this operation.",
};

function errorClassFor(status: number): typeof SellersCenterError {
  if (status === 400) return BadRequestError;
  if (status === 401) return UnauthorizedError;
  if (status === 404) return NotFoundError;
  if (status === 429) return RateLimitError;
  return ServerError;
}

/** What the parsing needs of a response besides its body (the transport has already read the body). */
export type ResponseHead = Pick<Response, "status" | "statusText" | "headers">;

/** Builds the typed error for a non-2xx response from its status line, headers and body text. */
export function errorFromResponse(
  response: ResponseHead,
  text: string,
  operation: string,
  redact: Redactor,
): SellersCenterError {
  const { serverMessage, excerpt } = describeBody(redact(text));
  const advice = ADVICE[response.status] ?? (response.status >= 500 ? ADVICE[5] : ADVICE.other);
  const statusLine = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  const details: SellersCenterErrorDetails = {
    status: response.status,
    operation,
    serverMessage,
    rateLimit: readRateLimitHeaders(response.headers),
  };
  const ErrorClass = errorClassFor(response.status);
  return new ErrorClass(`${operation} failed with ${statusLine}: ${withoutFinalStop(excerpt)}. ${advice}`, details);
}

/** Reads a 2xx body text as the spec's JSON for that status, or throws InvalidResponseError. */
export function parseSuccess<T>(response: ResponseHead, text: string, operation: OperationKey, redact: Redactor): T {
  const fail = (what: string) =>
    new InvalidResponseError(
      `${operation} answered ${response.status} but ${what}: ${describeBody(redact(text)).excerpt}. ` +
        "This is a fault on the server's side; retry later. Nothing was lost: for a status update, look the batch up before resubmitting.",
      { status: response.status, operation, rateLimit: readRateLimitHeaders(response.headers) },
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw fail("its body is not JSON");
  }
  // A 2xx the spec does not document (201, 202, ...) must still carry what a 200 promises.
  const schema = responseSchema(operation, response.status) ?? responseSchema(operation, 200);
  if (schema) {
    const problems = checkSchema(data, schema, "body", { formats: false });
    if (problems.length > 0) {
      throw fail(
        `its body does not match the spec (${problems
          .slice(0, 3)
          .map((p) => `${p.path} ${p.message}`)
          .join("; ")})`,
      );
    }
  }
  return data as T;
}
