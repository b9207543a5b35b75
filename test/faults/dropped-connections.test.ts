/**
 * Fault suite: connections dropped before and after the request was
 * processed. The client cannot tell the two apart, so a dropped status
 * update is reported (NetworkError, requestMayHaveBeenProcessed: true) and
 * never resent; a batch created by a PUT whose answer was lost has an id the
 * caller does not know: its outcome is "unknown", reported by that error.
 * The vendor's dedup (an identical payload while the batch is in flight
 * returns its id) is how a caller can find it again, shown last.
 */
import { describe, expect, it } from "vitest";
import { NetworkError } from "../../src/index.ts";
import {
  expectAllTerminal,
  expectLimitsHeld,
  faultClient,
  faultSandbox,
  itemsFor,
  RESULTS,
  settledTyped,
  submitMany,
  UPDATE,
  useFaultHarness,
} from "./harness.ts";

useFaultHarness();

function expectMayHaveBeenProcessed(errors: unknown[]): void {
  for (const error of errors) {
    expect(error).toBeInstanceOf(NetworkError);
    const networkError = error as NetworkError;
    expect(networkError.operation).toBe(UPDATE);
    expect(networkError.requestMayHaveBeenProcessed).toBe(true);
    expect(networkError.message).toMatch(/look the batch up before resubmitting/);
  }
}

describe("connections dropped before processing", () => {
  it("status updates fail with a NetworkError and are not resent; no batch exists without its id; reads retry through", async () => {
    const sandbox = await faultSandbox({ seed: 601, dropBeforeProcessing: 0.35 });
    const { client, retries } = faultClient(sandbox);

    const { ids, errors } = await submitMany(client, "DB", 30);
    expect(ids.length).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
    expectMayHaveBeenProcessed(errors);
    const stats = sandbox.stats();
    expect(stats.byOperation[UPDATE]?.requests).toBe(30);
    expect(retries.filter((event) => event.operation === UPDATE)).toEqual([]);
    expect(stats.batchesCreated).toBe(ids.length);

    await expectAllTerminal(client, ids);
    expect(retries.some((event) => event.operation === RESULTS && event.reason.startsWith("NetworkError"))).toBe(true);
    expectLimitsHeld(sandbox);
  });
});

describe("connections dropped after processing", () => {
  it("every batch created is either returned or reported as unknown by a NetworkError; none is created twice", async () => {
    const sandbox = await faultSandbox({ seed: 602, dropAfterProcessing: 0.35 });
    const { client, retries } = faultClient(sandbox);

    const { ids, errors } = await submitMany(client, "DA", 30);
    expect(errors.length).toBeGreaterThan(0);
    expectMayHaveBeenProcessed(errors);
    const stats = sandbox.stats();
    expect(stats.byOperation[UPDATE]?.requests).toBe(30);
    expect(retries.filter((event) => event.operation === UPDATE)).toEqual([]);
    // Exactly one batch per call: the returned ids, plus one "unknown" per reported drop.
    expect(stats.batchesCreated).toBe(ids.length + errors.length);
    expect(stats.faultsInjected.dropAfterProcessing).toBeGreaterThanOrEqual(errors.length);

    // Reads dropped after processing are just read again.
    await expectAllTerminal(client, ids);
    expectLimitsHeld(sandbox);
  });

  it("a batch whose answer was lost is found again by resubmitting the identical items while it is in flight", async () => {
    const sandbox = await faultSandbox(
      { seed: 603, dropAfterProcessing: 0.5, only: [UPDATE] },
      // Long enough in flight for the lookup, with the vendor's dedup on.
      { batches: { pendingMs: 1500, processingMs: 200, dedupWindowMs: 60_000 } },
    );
    const { client } = faultClient(sandbox);
    const payloads = Array.from({ length: 12 }, (_, index) => itemsFor("DEDUP", index));
    const first = settledTyped(await Promise.allSettled(payloads.map((items) => client.updateProductStatus(items))));
    expect(first.errors.length).toBeGreaterThan(0);
    expectMayHaveBeenProcessed(first.errors);

    const ids = new Map<number, string>();
    await Promise.all(
      payloads.map(async (items, index) => {
        for (let attempt = 0; attempt < 10 && !ids.has(index); attempt++) {
          const settled = settledTyped(await Promise.allSettled([client.updateProductStatus(items)]));
          expectMayHaveBeenProcessed(settled.errors);
          const [answer] = settled.values;
          if (answer) ids.set(index, answer.batchRequestId);
        }
      }),
    );
    expect(ids.size).toBe(payloads.length);
    const stats = sandbox.stats();
    // One batch per payload: every resubmission found the batch already created.
    expect(stats.batchesCreated).toBe(payloads.length);
    expect(stats.deduplicated).toBeGreaterThanOrEqual(first.errors.length);
    expect(new Set(ids.values()).size).toBe(payloads.length);
    await expectAllTerminal(client, [...ids.values()]);
  });
});
