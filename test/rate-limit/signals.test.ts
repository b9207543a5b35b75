import { afterEach, describe, expect, it } from "vitest";
import { createSellersCenterClient, RateLimitError, type SellersCenterClientOptions } from "../../src/index.ts";
import type { RateLimitedEvent } from "../../src/retry.ts";
import { SAMPLE_ID } from "../support/recording-fetch.ts";

const WINDOW_MS = 300;
const ok = (remaining: number) =>
  new Response(JSON.stringify({ batchRequestId: SAMPLE_ID, status: "pending", items: [] }), {
    status: 200,
    headers: { "X-RateLimit-Limit": "50", "X-RateLimit-Remaining": String(remaining) },
  });

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

let keyCounter = 0;
/** A client on a scripted server; each test gets its own key, so its own budget. */
function scripted(answer: (n: number) => Response, extra: Partial<SellersCenterClientOptions> = {}) {
  const sentAt: number[] = [];
  const events: RateLimitedEvent[] = [];
  const client = createSellersCenterClient({
    apiKey: `signals-${++keyCounter}`,
    baseUrl: "http://127.0.0.1:9",
    rateLimit: { windowMs: WINDOW_MS, limits: { "GET /api/v1/results/status": 50 } },
    fetch: async () => {
      sentAt.push(Date.now());
      return answer(sentAt.length);
    },
    onRateLimited: (event) => events.push(event),
    ...extra,
  });
  closers.push(() => client.close());
  return { client, sentAt, events };
}

describe("server signals hold the queue for every caller", () => {
  it("X-RateLimit-Remaining: 0 while our books show budget (spent by someone else) holds everyone until the window can have reset", async () => {
    const { client, sentAt, events } = scripted((n) => ok(n === 1 ? 0 : 40));
    const first = await client.getProductStatusResults(SAMPLE_ID);
    expect(first.status).toBe("pending");
    const t0 = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the limiter take its tokens back
    await Promise.all([1, 2, 3].map(() => client.getProductStatusResults(SAMPLE_ID)));
    expect(sentAt).toHaveLength(4);
    for (const at of sentAt.slice(1)) expect(at - t0).toBeGreaterThanOrEqual(WINDOW_MS - 30);
    expect(events).toContainEqual(
      expect.objectContaining({ reason: "X-RateLimit-Remaining", operation: "GET /api/v1/results/status" }),
    );
  });

  it("a 429 pauses the operation for all callers, then retries the refused request", async () => {
    const { client, sentAt, events } = scripted((n) =>
      n === 1
        ? new Response('{"message":"Too Many Requests"}', { status: 429, headers: { "Retry-After": "0.25" } })
        : ok(40),
    );
    const refusedOne = client.getProductStatusResults(SAMPLE_ID);
    while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    const heldAt = Date.now();
    // Callers arriving during the hold wait too, not only the refused request.
    const others = [0, 1].map(() => client.getProductStatusResults(SAMPLE_ID));
    const results = await Promise.all([refusedOne, ...others]);
    expect(results.every((r) => r.status === "pending")).toBe(true);
    expect(sentAt).toHaveLength(4); // the refused request was sent again, once
    for (const at of sentAt.slice(1)) expect(at - heldAt).toBeGreaterThanOrEqual(240);
    expect(events).toEqual([expect.objectContaining({ reason: "429", delayMs: 250, attempt: 1 })]);
  });

  it("the PUT is resent after a 429 (the server did not process it), once", async () => {
    let puts = 0;
    const client = createSellersCenterClient({
      apiKey: `signals-${++keyCounter}`,
      baseUrl: "http://127.0.0.1:9",
      rateLimit: { windowMs: WINDOW_MS },
      fetch: async () => {
        puts++;
        return puts === 1
          ? new Response('{"message":"slow down"}', { status: 429, headers: { "Retry-After": "0.05" } })
          : new Response(JSON.stringify({ batchRequestId: SAMPLE_ID }), { status: 200 });
      },
    });
    closers.push(() => client.close());
    await expect(client.updateProductStatus([{ style_key: "S", status: "draft" }])).resolves.toEqual({
      batchRequestId: SAMPLE_ID,
    });
    expect(puts).toBe(2);
  });

  it("gives up with RateLimitError after maxRateLimitRetries 429s for one request", async () => {
    const tooMany = () =>
      new Response('{"message":"Too Many Requests"}', {
        status: 429,
        headers: { "Retry-After": "0.01", "X-RateLimit-Remaining": "0" },
      });
    const { client, sentAt } = scripted(tooMany, { retry: { maxRateLimitRetries: 2 } });
    const error = await client.getProductStatusResults(SAMPLE_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).rateLimit?.remaining).toBe(0);
    expect(sentAt).toHaveLength(3);
  });

  it("without Retry-After, a 429 holds for the operation's window", async () => {
    const { client, sentAt, events } = scripted((n) => (n === 1 ? new Response("", { status: 429 }) : ok(40)));
    await client.getProductStatusResults(SAMPLE_ID);
    expect(events[0]?.delayMs).toBe(WINDOW_MS);
    expect((sentAt[1] as number) - (sentAt[0] as number)).toBeGreaterThanOrEqual(WINDOW_MS - 10);
  });
});
