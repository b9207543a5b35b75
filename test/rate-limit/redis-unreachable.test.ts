import { describe, expect, it } from "vitest";
import { ConfigurationError, createSellersCenterClient } from "../../src/index.ts";
import { SAMPLE_ID } from "../support/recording-fetch.ts";
import { freePort } from "../support/spawn-server.ts";

describe("a shared budget whose Redis cannot be reached", () => {
  it("fails the request at once with a clear error, naming host and port but never the password", async () => {
    const port = await freePort(); // nothing listens there
    const client = createSellersCenterClient({
      apiKey: "unreachable-redis-key",
      baseUrl: "http://127.0.0.1:9",
      fetch: async () => new Response("{}"),
      rateLimit: { redis: { url: `redis://:s3cret-redis-pw@127.0.0.1:${port}` } },
      onError: () => {},
    });
    const started = Date.now();
    const error = await client.getProductStatusResults(SAMPLE_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).not.toContain("s3cret-redis-pw");
    expect(Date.now() - started).toBeLessThan(5_000);
    await client.close();
  });
});
