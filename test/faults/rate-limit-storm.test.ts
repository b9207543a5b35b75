/**
 * Fault suite: 429 storms. The sandbox allows 3 status updates and 4 reads
 * per 250 ms; clients that believe in ten times more (or limit nothing)
 * meet a storm of 429s. A 429 processed nothing, so it is safe to resend,
 * the PUT included: every call still settles with data or a RateLimitError,
 * and every batch created is one the caller has the id of. A client whose
 * limits match the sandbox's meets no 429 under the same load.
 */
import { describe, expect, it } from "vitest";
import { RateLimitError } from "../../src/index.ts";
import {
  expectAllTerminal,
  faultClient,
  faultSandbox,
  QUICK_WAIT,
  RESULTS,
  settledTyped,
  submitMany,
  UPDATE,
  useFaultHarness,
  WINDOW_MS,
} from "./harness.ts";

useFaultHarness();

const SANDBOX_LIMITS = { [UPDATE]: 3, [RESULTS]: 4 };
const TEN_TIMES = { [UPDATE]: 30, [RESULTS]: 40 };

function stormSandbox() {
  return faultSandbox({ seed: 901 }, { rateLimit: { windowMs: WINDOW_MS, limits: SANDBOX_LIMITS } });
}

function expectRateLimitErrors(errors: unknown[]): void {
  for (const error of errors) {
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      operation: UPDATE,
      rateLimit: { limit: SANDBOX_LIMITS[UPDATE], remaining: 0 },
    });
    expect((error as RateLimitError).message).toMatch(/wait and retry/);
  }
}

describe("429 storms", () => {
  it("client limits ten times the server's: 429s are held and resent, the rest fail typed; no batch without its id", async () => {
    const sandbox = await stormSandbox();
    const { client, rateLimited } = faultClient(sandbox, {
      rateLimit: { windowMs: WINDOW_MS, limits: TEN_TIMES, id: "storm-ten-times" },
      retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20, maxRateLimitRetries: 2 },
    });
    const { ids, errors } = await submitMany(client, "STORM", 20);
    expect(ids.length).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
    expectRateLimitErrors(errors);
    const stats = sandbox.stats();
    expect(stats.rateLimited).toBeGreaterThan(0);
    expect(rateLimited.some((event) => event.operation === UPDATE && event.reason === "429")).toBe(true);
    // Resent only after 429s (which processed nothing): one accepted request, one batch, per returned id.
    expect(stats.byOperation[UPDATE]?.accepted).toBe(ids.length);
    expect(stats.batchesCreated).toBe(ids.length);
    // Waits poll through the read storm to the end, held back either by 429s or, before any, by
    // the server's X-RateLimit-Remaining falling below what the client's (ten times too high) books expect.
    await expectAllTerminal(client, ids);
    expect(rateLimited.some((event) => event.operation === RESULTS)).toBe(true);
  });

  it("client limiting off and no 429 retries: each 429 is a RateLimitError at once", async () => {
    const sandbox = await stormSandbox();
    const { client } = faultClient(sandbox, { rateLimit: false, retry: { maxRateLimitRetries: 0 } });
    const { ids, errors } = await submitMany(client, "STORMOFF", 12);
    expect(ids).toHaveLength(SANDBOX_LIMITS[UPDATE]);
    expect(errors).toHaveLength(12 - SANDBOX_LIMITS[UPDATE]);
    expectRateLimitErrors(errors);
    expect(sandbox.stats().byOperation[UPDATE]?.requests).toBe(12);
    expect(sandbox.stats().batchesCreated).toBe(ids.length);
  });

  it("client limits matching the server's: the same load meets no 429 and never more than the limit in any window", async () => {
    const sandbox = await stormSandbox();
    const { client } = faultClient(sandbox, {
      rateLimit: { windowMs: WINDOW_MS, limits: SANDBOX_LIMITS, id: "storm-matching" },
    });
    const { ids, errors } = await submitMany(client, "CALM", 12);
    expect(errors).toEqual([]);
    const settled = await Promise.allSettled(ids.map((id) => client.waitForProductStatusResults(id, QUICK_WAIT)));
    expect(settledTyped(settled).errors).toEqual([]);
    const stats = sandbox.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.byOperation[UPDATE]?.maxInSlidingWindow).toBeLessThanOrEqual(SANDBOX_LIMITS[UPDATE]);
    expect(stats.byOperation[RESULTS]?.maxInSlidingWindow).toBeLessThanOrEqual(SANDBOX_LIMITS[RESULTS]);
    expect(stats.batchesCreated).toBe(12);
  });
});
