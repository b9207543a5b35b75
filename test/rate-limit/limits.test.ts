import { afterEach, describe, expect, it } from "vitest";
import { createSellersCenterClient, type SellersCenterClient } from "../../src/index.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";

const GET = "GET /api/v1/results/status";
const WINDOW_MS = 400;
const LIMIT = 8;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function sandboxWith(mode: "fixed" | "sliding", apiKeys = ["sandbox-key"]): Promise<Sandbox> {
  const sandbox = await startSandbox({ apiKeys, rateLimit: { windowMs: WINDOW_MS, mode, limits: { [GET]: LIMIT } } });
  cleanup.push(() => sandbox.close());
  return sandbox;
}

function clientFor(sandbox: Sandbox, apiKey = "sandbox-key", id?: string): SellersCenterClient {
  const client = createSellersCenterClient({
    apiKey,
    baseUrl: sandbox.url,
    rateLimit: { windowMs: WINDOW_MS, limits: { [GET]: LIMIT }, ...(id ? { id } : {}) },
  });
  cleanup.push(() => client.close());
  return client;
}

async function someBatch(client: SellersCenterClient): Promise<string> {
  return (await client.updateProductStatus([{ style_key: "ANY-1", status: "draft" }])).batchRequestId;
}

describe("the client keeps every operation under its limit in any window", () => {
  it.each(["sliding", "fixed"] as const)(
    "%s server window: 5x the limit at once, no 429, never more than the limit",
    async (mode) => {
      const sandbox = await sandboxWith(mode);
      const client = clientFor(sandbox);
      const id = await someBatch(client);
      const results = await Promise.all(Array.from({ length: LIMIT * 5 }, () => client.getProductStatusResults(id)));
      expect(results).toHaveLength(LIMIT * 5);
      const stats = sandbox.stats();
      expect(stats.rateLimited).toBe(0);
      expect(stats.byOperation[GET]?.maxInSlidingWindow).toBeLessThanOrEqual(LIMIT);
      expect(stats.byOperation[GET]?.maxInFixedWindow).toBeLessThanOrEqual(LIMIT);
      // It really used the budget: every window-long span was filled at least once.
      expect(stats.byOperation[GET]?.maxInSlidingWindow).toBe(LIMIT);
    },
  );

  it("two clients with the same key share one budget", async () => {
    const sandbox = await sandboxWith("sliding");
    const [a, b] = [clientFor(sandbox), clientFor(sandbox)];
    const id = await someBatch(a);
    await Promise.all(Array.from({ length: LIMIT * 2 }, (_, i) => (i % 2 ? a : b).getProductStatusResults(id)));
    expect(sandbox.stats().rateLimited).toBe(0);
    expect(sandbox.stats().maxInAnyWindow).toBeLessThanOrEqual(LIMIT);
  });

  it("clients with different keys do not share", async () => {
    // A long window: had the two keys shared one budget, half the requests would wait 5 s.
    const windowMs = 5_000;
    const sandbox = await startSandbox({
      apiKeys: ["key-a", "key-b"],
      rateLimit: { windowMs, limits: { [GET]: LIMIT } },
    });
    cleanup.push(() => sandbox.close());
    const sentAt: number[] = [];
    const client = (apiKey: string) => {
      const created = createSellersCenterClient({
        apiKey,
        baseUrl: sandbox.url,
        rateLimit: { windowMs, limits: { [GET]: LIMIT } },
        fetch: (request) => {
          if (request.method === "GET") sentAt.push(Date.now());
          return fetch(request);
        },
      });
      cleanup.push(() => created.close());
      return created;
    };
    const [a, b] = [client("key-a"), client("key-b")];
    const [idA, idB] = [await someBatch(a), await someBatch(b)];
    const started = Date.now();
    await Promise.all([
      ...Array.from({ length: LIMIT }, () => a.getProductStatusResults(idA)),
      ...Array.from({ length: LIMIT }, () => b.getProductStatusResults(idB)),
    ]);
    expect(sentAt).toHaveLength(2 * LIMIT);
    expect(Math.max(...sentAt) - started).toBeLessThan(windowMs / 2);
    expect(sandbox.stats().rateLimited).toBe(0);
  });

  it("a client created after another one closed still sees the tokens the first one owes", async () => {
    const sandbox = await sandboxWith("sliding");
    const first = clientFor(sandbox);
    const id = await someBatch(first);
    await Promise.all(Array.from({ length: LIMIT }, () => first.getProductStatusResults(id)));
    await first.close();
    const second = clientFor(sandbox);
    await Promise.all(Array.from({ length: LIMIT }, () => second.getProductStatusResults(id)));
    expect(sandbox.stats().rateLimited).toBe(0);
    expect(sandbox.stats().maxInAnyWindow).toBeLessThanOrEqual(LIMIT);
  });
});
