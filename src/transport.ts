/**
 * The one fetch every request goes through, the typed methods' and
 * `client.api`'s alike: it adds the API key, identifies the operation,
 * bounds each attempt by `timeoutMs`, honours the caller's AbortSignal and
 * turns "no response" into typed errors. The body is read inside the
 * attempt, so a stalled body counts against the timeout and a dropped
 * connection mid-body is a NetworkError here, not a parse error later.
 */
import { TimeoutError } from "./errors.ts";
import { toNetworkError } from "./network-errors.ts";
import type { Redactor } from "./redact.ts";
import { operationFor } from "./spec.ts";

export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

export type TransportOptions = {
  apiKey: string;
  baseUrl: URL;
  fetch: FetchLike;
  timeoutMs: number;
  redact: Redactor;
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

/** The path as the spec writes it: the request's path without the base URL's own prefix. */
function specPath(url: URL, baseUrl: URL): string {
  const prefix = baseUrl.pathname.replace(/\/$/, "");
  return prefix && url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || "/" : url.pathname;
}

export async function prepareRequest(input: Request, init: RequestInit | undefined, options: TransportOptions): Promise<PreparedRequest> {
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
    signal: request.signal,
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
  try {
    const response = await options.fetch(
      new Request(prepared.url, {
        method: prepared.method,
        headers: prepared.headers,
        body: prepared.body ?? null,
        signal: controller.signal,
        redirect: "follow",
      }),
    );
    const body = BODYLESS_STATUSES.has(response.status) ? null : await response.arrayBuffer();
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch (error) {
    if (callerSignal.aborted) throw callerSignal.reason;
    if (timedOut) {
      throw new TimeoutError(
        `${prepared.operation}: no complete response within ${options.timeoutMs} ms. The server is slow or the connection stalled: retry, or raise the timeoutMs option.`,
        { operation: prepared.operation, timeoutMs: options.timeoutMs },
      );
    }
    throw toNetworkError(error, prepared.operation, options.baseUrl.origin, options.redact);
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener("abort", onCallerAbort);
  }
}

export function createTransport(options: TransportOptions): FetchLike {
  return async function transport(input, init) {
    const prepared = await prepareRequest(input, init, options);
    return sendAttempt(prepared, options);
  };
}
