import { describe, expect, it } from "vitest";
import {
  createSellersCenterClient,
  InvalidResponseError,
  NetworkError,
  ServerError,
  TimeoutError,
} from "../../src/index.ts";
import { DEFAULT_RETRY } from "../../src/rate-limit/options.ts";
import type { RetryEvent } from "../../src/retry.ts";
import { backoffDelay } from "../../src/retry.ts";
import type { FetchLike } from "../../src/transport.ts";
import { SAMPLE_ID } from "../support/recording-fetch.ts";

const results = () =>
  new Response(JSON.stringify({ batchRequestId: SAMPLE_ID, status: "completed", items: [] }), { status: 200 });
const accepted = () => new Response(JSON.stringify({ batchRequestId: SAMPLE_ID }), { status: 200 });
const reset = () =>
  new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
const refused = () =>
  new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });

function withScript(steps: (() => Response | Error)[], retry: object = {}) {
  const retries: RetryEvent[] = [];
  let calls = 0;
  const fetch: FetchLike = async () => {
    const step = steps[Math.min(calls++, steps.length - 1)] as () => Response | Error;
    const outcome = step();
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const client = createSellersCenterClient({
    apiKey: "retry-key",
    baseUrl: "http://127.0.0.1:9",
    fetch,
    rateLimit: false,
    timeoutMs: 50,
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...retry },
    onRetry: (event) => retries.push(event),
  });
  return { client, retries, calls: () => calls };
}

describe("retries", () => {
  it.each([
    ["503", () => new Response("", { status: 503 })],
    ["500 with HTML", () => new Response("<html><title>oops</title></html>", { status: 500 })],
    ["408", () => new Response("", { status: 408 })],
    ["a reset connection", reset],
  ])("a GET is retried after %s and succeeds", async (_, failure) => {
    const { client, retries, calls } = withScript([failure, failure, results]);
    await expect(client.getProductStatusResults(SAMPLE_ID)).resolves.toMatchObject({ status: "completed" });
    expect(calls()).toBe(3);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    expect(retries[0]?.operation).toBe("GET /api/v1/results/status");
  });

  it("a GET is retried after a timeout", async () => {
    let calls = 0;
    const client = createSellersCenterClient({
      apiKey: "retry-key",
      baseUrl: "http://127.0.0.1:9",
      rateLimit: false,
      timeoutMs: 30,
      retry: { baseDelayMs: 1 },
      fetch: (request) =>
        ++calls === 1
          ? new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)))
          : Promise.resolve(results()),
    });
    await expect(client.getProductStatusResults(SAMPLE_ID)).resolves.toMatchObject({ status: "completed" });
    expect(calls).toBe(2);
  });

  it("a malformed answer to a read is read again (a status update's is not: it may have been processed)", async () => {
    const malformed = () => new Response('{"batchRequestId": "x", "sta', { status: 200 });
    const read = withScript([malformed, results]);
    await expect(read.client.getProductStatusResults(SAMPLE_ID)).resolves.toMatchObject({ status: "completed" });
    expect(read.calls()).toBe(2);
    expect(read.retries[0]).toMatchObject({ reason: "InvalidResponseError", attempt: 1 });

    const update = withScript([malformed, accepted]);
    await expect(update.client.updateProductStatus([{ style_key: "S", status: "draft" }])).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
    expect(update.calls()).toBe(1);

    const always = withScript([malformed], { retries: 2 });
    await expect(always.client.getProductStatusResults(SAMPLE_ID)).rejects.toBeInstanceOf(InvalidResponseError);
    expect(always.calls()).toBe(3);
  });

  it("gives up after `retries` retries with the last error", async () => {
    const { client, calls } = withScript([() => new Response('{"message":"down"}', { status: 503 })], { retries: 2 });
    const error = await client.getProductStatusResults(SAMPLE_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
    expect(calls()).toBe(3);
  });

  it("does not retry what retrying cannot fix (400, 401, 404)", async () => {
    for (const status of [400, 401, 404]) {
      const { client, calls } = withScript([() => new Response('{"message":"no"}', { status })]);
      await expect(client.getProductStatusResults(SAMPLE_ID)).rejects.toMatchObject({ status });
      expect(calls()).toBe(1);
    }
  });

  it.each([
    ["503", () => new Response("", { status: 503 }), ServerError],
    ["a reset connection", reset, NetworkError],
  ])("never resends the PUT after %s (it may have been processed)", async (_, failure, ErrorClass) => {
    const { client, calls } = withScript([failure, accepted]);
    await expect(client.updateProductStatus([{ style_key: "S", status: "draft" }])).rejects.toBeInstanceOf(ErrorClass);
    expect(calls()).toBe(1);
  });

  it("resends the PUT after a refused connection (it surely was not sent)", async () => {
    const { client, calls } = withScript([refused, accepted]);
    await expect(client.updateProductStatus([{ style_key: "S", status: "draft" }])).resolves.toEqual({
      batchRequestId: SAMPLE_ID,
    });
    expect(calls()).toBe(2);
  });

  it("resends the PUT after a 503 when the caller opts in", async () => {
    const { client, calls } = withScript([() => new Response("", { status: 503 }), accepted], {
      retryUnsafeRequests: true,
    });
    await expect(client.updateProductStatus([{ style_key: "S", status: "draft" }])).resolves.toEqual({
      batchRequestId: SAMPLE_ID,
    });
    expect(calls()).toBe(2);
  });

  it("does not retry a PUT that timed out", async () => {
    let calls = 0;
    const client = createSellersCenterClient({
      apiKey: "retry-key",
      baseUrl: "http://127.0.0.1:9",
      rateLimit: false,
      timeoutMs: 30,
      fetch: (request) => {
        calls++;
        return new Promise((_, reject) =>
          request.signal.addEventListener("abort", () => reject(request.signal.reason)),
        );
      },
    });
    await expect(client.updateProductStatus([{ style_key: "S", status: "draft" }])).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(calls).toBe(1);
  });

  it("backs off exponentially with full jitter, capped", () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 500, maxDelayMs: 30_000 };
    expect([1, 2, 3, 8].map((n) => backoffDelay(n, policy, () => 1))).toEqual([500, 1000, 2000, 30_000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(500);
  });

  it("refuses unknown retry and rateLimit options instead of ignoring a typo", () => {
    expect(() => createSellersCenterClient({ apiKey: "k", retry: { retires: 3 } as never })).toThrow(
      /Unknown retry option "retires"/,
    );
    expect(() => createSellersCenterClient({ apiKey: "k", rateLimit: { windowMS: 1000 } as never })).toThrow(
      /Unknown rateLimit option "windowMS"/,
    );
    expect(() =>
      createSellersCenterClient({ apiKey: "k", rateLimit: { limits: { "GET /nope": 5 } as never } }),
    ).toThrow(/not an operation/);
    expect(() =>
      createSellersCenterClient({ apiKey: "k", rateLimit: { limits: { "GET /api/v1/results/status": 0 } } }),
    ).toThrow(/positive/);
  });
});
