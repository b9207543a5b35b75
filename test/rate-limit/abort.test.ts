import { afterEach, describe, expect, it } from "vitest";
import { createSellersCenterClient } from "../../src/index.ts";
import type { FetchLike } from "../../src/transport.ts";
import { SAMPLE_ID } from "../support/recording-fetch.ts";

const WINDOW_MS = 300;
const results = () =>
  new Response(JSON.stringify({ batchRequestId: SAMPLE_ID, status: "completed", items: [] }), { status: 200 });
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

let keys = 0;
function clientWith(fetch: FetchLike, extra: object = {}) {
  const client = createSellersCenterClient({
    apiKey: `abort-${++keys}`,
    baseUrl: "http://127.0.0.1:9",
    fetch,
    rateLimit: { windowMs: WINDOW_MS, limits: { "GET /api/v1/results/status": 1 } },
    ...extra,
  });
  closers.push(() => client.close());
  return client;
}

const abortAfter = (ms: number, reason = new Error(`aborted after ${ms} ms`)) => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(reason), ms);
  return { signal: controller.signal, reason };
};

describe("an abort ends every wait at once", () => {
  it("while queued behind the limit: rejects at once and frees its place", async () => {
    const sent: number[] = [];
    const client = clientWith(async () => {
      sent.push(Date.now());
      return results();
    });
    const start = Date.now();
    await client.getProductStatusResults(SAMPLE_ID); // takes the only token for one window
    const { signal, reason } = abortAfter(20);
    const queued = client.getProductStatusResults(SAMPLE_ID, { signal });
    const next = client.getProductStatusResults(SAMPLE_ID);
    await expect(queued).rejects.toBe(reason);
    expect(Date.now() - start).toBeLessThan(WINDOW_MS / 2);
    await next;
    // The aborted request never went out, and did not cost the next caller a window.
    expect(sent).toHaveLength(2);
    expect((sent[1] as number) - (sent[0] as number)).toBeLessThan(2 * WINDOW_MS);
  });

  it("while backing off before a retry", async () => {
    const client = clientWith(async () => new Response("", { status: 503 }), {
      rateLimit: false,
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    const { signal, reason } = abortAfter(30);
    const start = Date.now();
    // Full jitter may draw a short delay; over several tries one backoff is surely long.
    await expect(client.getProductStatusResults(SAMPLE_ID, { signal })).rejects.toBe(reason);
    expect(Date.now() - start).toBeLessThan(1_000);
  });

  it("while in flight", async () => {
    let sends = 0;
    const client = clientWith(
      (request) =>
        new Promise((_, reject) => {
          sends++;
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        }),
    );
    const { signal, reason } = abortAfter(30);
    const start = Date.now();
    await expect(client.getProductStatusResults(SAMPLE_ID, { signal })).rejects.toBe(reason);
    expect(Date.now() - start).toBeLessThan(200);
    expect(sends).toBe(1);
  });

  it("while held after a 429", async () => {
    const client = clientWith(async () => new Response("", { status: 429, headers: { "Retry-After": "30" } }));
    const { signal, reason } = abortAfter(50);
    const start = Date.now();
    await expect(client.getProductStatusResults(SAMPLE_ID, { signal })).rejects.toBe(reason);
    expect(Date.now() - start).toBeLessThan(1_000);
  });

  it("through client.api too, in flight", async () => {
    const client = clientWith(
      (request) =>
        new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))),
    );
    const { signal, reason } = abortAfter(30);
    const call = client.api.GET("/api/v1/results/status", {
      params: { query: { batch_request_id: SAMPLE_ID } },
      signal,
    });
    await expect(call).rejects.toBe(reason);
  });
});
