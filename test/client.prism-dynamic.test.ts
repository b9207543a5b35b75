import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSellersCenterClient, requestStatusValues } from "../src/index.ts";
import { startPrismMock } from "./support/prism.ts";
import { SAMPLE_ID } from "./support/recording-fetch.ts";
import type { RunningServer } from "./support/spawn-server.ts";

// With a fixed seed Prism answers every request identically, so variety comes
// from several seeds; each run of this suite sees the same bodies.
const SEEDS = [1, 2, 42];

describe("against prism mock in dynamic mode (random bodies, fixed seeds)", () => {
  let servers: RunningServer[] = [];
  beforeAll(async () => {
    servers = await Promise.all(SEEDS.map((seed) => startPrismMock({ dynamic: { seed } })));
  });
  afterAll(() => Promise.all(servers.map((server) => server.stop())));

  it("parses random statuses (inside and outside the enum), item lists and extra properties", async () => {
    const statuses: string[] = [];
    for (const server of servers) {
      const client = createSellersCenterClient({ apiKey: "test-key", baseUrl: server.url });
      const results = await client.getProductStatusResults(SAMPLE_ID);
      expect(typeof results.batchRequestId).toBe("string");
      expect(typeof results.status).toBe("string");
      for (const item of results.items) {
        expect(typeof item.success).toBe("boolean");
        expect(Array.isArray(item.errors)).toBe(true);
        expect(typeof item.requestItem.style_key).toBe("string");
      }
      statuses.push(results.status);
    }
    // The bodies really varied, including a status the enum does not list.
    expect(new Set(statuses).size).toBeGreaterThan(1);
    expect(statuses.some((status) => !(requestStatusValues as readonly string[]).includes(status))).toBe(true);
  });

  it("accepts the random batch ids of the PUT", async () => {
    for (const server of servers) {
      const client = createSellersCenterClient({ apiKey: "test-key", baseUrl: server.url });
      const { batchRequestId } = await client.updateProductStatus([{ style_key: "S-1", status: "published" }]);
      expect(typeof batchRequestId).toBe("string");
    }
  });
});
