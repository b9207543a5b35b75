import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createSellersCenterClient,
  InvalidResponseError,
  NetworkError,
  RateLimitError,
  SellersCenterError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from "../src/index.ts";
import type { FetchLike } from "../src/transport.ts";
import { SAMPLE_ID } from "./support/recording-fetch.ts";
import { freePort } from "./support/spawn-server.ts";

const KEY = "sk_live_SECRET-0123456789";

// Retries and limiting are off here: these tests are about how one answer maps to an error
// (a 429 with Remaining: 0 would rightly hold this key for a minute; see test/rate-limit/).
function clientAnswering(fetch: FetchLike, timeoutMs?: number) {
  return createSellersCenterClient({
    apiKey: KEY,
    baseUrl: "http://127.0.0.1:9",
    fetch,
    retry: false,
    rateLimit: false,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

async function failure(fetch: FetchLike, timeoutMs?: number): Promise<SellersCenterError> {
  const error = await clientAnswering(fetch, timeoutMs)
    .getProductStatusResults(SAMPLE_ID)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SellersCenterError);
  return error as SellersCenterError;
}

const respond = (body: string | null, init: ResponseInit) => async () => new Response(body, init);

describe("errors from responses that are not what the spec promises", () => {
  it("an empty 500 still says status and status text", async () => {
    const error = await failure(respond(null, { status: 500, statusText: "Internal Server Error" }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain("500 Internal Server Error");
    expect(error.message).toContain("(empty body)");
    expect(error.message).toMatch(/retry later/);
  });

  it("an HTML 502 page becomes its title and text, not markup", async () => {
    const html =
      "<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>p{}</style></head><body><h1>Bad Gateway</h1><p>upstream down</p></body></html>";
    const error = await failure(
      respond(html, { status: 502, statusText: "Bad Gateway", headers: { "content-type": "text/html" } }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain("502 Bad Gateway");
    expect(error.message).toContain("upstream down");
    expect(error.message).not.toContain("<");
  });

  it("a plain-text body is quoted, cut to a readable length", async () => {
    const error = await failure(respond(`oops ${"x".repeat(1000)}`, { status: 503 }));
    expect(error.message).toContain("oops x");
    expect(error.message.length).toBeLessThan(600);
  });

  it("an undocumented status is a ServerError that says so", async () => {
    const error = await failure(respond('{"message":"I am a teapot"}', { status: 418 }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.serverMessage).toBe("I am a teapot");
    expect(error.message).toContain("does not document");
  });

  it("a 429 is a RateLimitError carrying the rate-limit headers", async () => {
    const error = await failure(
      respond('{"message":"Too many requests"}', {
        status: 429,
        headers: { "X-RateLimit-Limit": "200", "X-RateLimit-Remaining": "0", "Retry-After": "7" },
      }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.rateLimit).toEqual({ limit: 200, remaining: 0, retryAfterMs: 7000 });
  });

  it("malformed JSON in a 200 is an InvalidResponseError, not a SyntaxError", async () => {
    const error = await failure(respond('{"batchRequestId": "abc", "status": ', { status: 200 }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain("not JSON");
  });

  it("a 200 missing required fields is an InvalidResponseError naming them", async () => {
    const error = await failure(
      respond(JSON.stringify({ batchRequestId: SAMPLE_ID, status: "completed" }), { status: 200 }),
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain("body.items is required");
  });
});

describe("errors when no response arrives", () => {
  it("a refused connection is a NetworkError that says the request was not sent", async () => {
    const port = await freePort();
    const client = createSellersCenterClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}`, retry: false });
    const error = await client.getProductStatusResults(SAMPLE_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe("ECONNREFUSED");
    expect((error as NetworkError).requestMayHaveBeenProcessed).toBe(false);
    expect((error as Error).message).toContain("not sent");
  });

  it("a connection reset is a NetworkError that warns the request may have been processed", async () => {
    const error = await failure(async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
      });
    });
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).requestMayHaveBeenProcessed).toBe(true);
  });

  it("a stalled server is a TimeoutError after timeoutMs", async () => {
    const hang: FetchLike = (request) =>
      new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const error = await failure(hang, 50);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
    expect(error.message).toContain("timeoutMs");
  });

  it("a body that stalls after the headers counts against the timeout too", async () => {
    const stallingBody: FetchLike = async (request) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"batchRequestId":'));
            request.signal.addEventListener("abort", () => controller.error(request.signal.reason));
          },
        }),
        { status: 200 },
      );
    await expect(failure(stallingBody, 50)).resolves.toBeInstanceOf(TimeoutError);
  });

  it("the caller's abort rejects at once with the abort reason", async () => {
    const hang: FetchLike = (request) =>
      new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const controller = new AbortController();
    const pending = clientAnswering(hang, 60_000).getProductStatusResults(SAMPLE_ID, { signal: controller.signal });
    const reason = new Error("caller gave up");
    setTimeout(() => controller.abort(reason), 10);
    await expect(pending).rejects.toBe(reason);
  });
});

describe("the API key never appears in errors", () => {
  const echoKey: FetchLike = async (request) =>
    new Response(JSON.stringify({ message: `invalid key ${request.headers.get("x-api-key")}` }), { status: 401 });
  const echoKeyHtml: FetchLike = async (request) =>
    new Response(`<html><body>key=${request.headers.get("x-api-key")}</body></html>`, { status: 500 });
  const throwWithKey: FetchLike = async (request) => {
    throw new TypeError("fetch failed", { cause: new Error(`proxy refused ${request.headers.get("x-api-key")}`) });
  };

  it.each([
    ["a 401 whose message echoes the key", echoKey, UnauthorizedError],
    ["an HTML page that echoes the key", echoKeyHtml, ServerError],
    ["a network error whose cause mentions the key", throwWithKey, NetworkError],
  ])("%s", async (_, fetch, ErrorClass) => {
    const error = await failure(fetch);
    expect(error).toBeInstanceOf(ErrorClass);
    for (const text of [
      error.message,
      error.stack ?? "",
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      String(error.serverMessage),
    ]) {
      expect(text).not.toContain(KEY);
    }
    expect(error.message + String(error.serverMessage)).toContain("[REDACTED]");
  });
});
