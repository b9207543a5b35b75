/**
 * Fault suite: 200 answers with truncated JSON, and batch statuses outside
 * the spec's enum. A malformed answer is an InvalidResponseError (never a
 * SyntaxError); for a status update it means "processed, id unknown" and
 * says so. An unknown status comes back intact and a wait polls through it.
 */
import { describe, expect, it } from "vitest";
import { InvalidResponseError, type WaitProgress } from "../../src/index.ts";
import { UNKNOWN_BATCH_STATUS } from "../../src/sandbox/index.ts";
import {
  expectAllTerminal,
  expectLimitsHeld,
  faultClient,
  faultSandbox,
  QUICK_WAIT,
  RESULTS,
  range,
  settledTyped,
  submitMany,
  UPDATE,
  useFaultHarness,
} from "./harness.ts";

useFaultHarness();

describe("malformed JSON", () => {
  it("status updates fail with an InvalidResponseError that says to look the batch up; each such batch is one the error reports", async () => {
    const sandbox = await faultSandbox({ seed: 801, malformedJson: 0.35, only: [UPDATE] });
    const { client, retries } = faultClient(sandbox);
    const { ids, errors } = await submitMany(client, "MAL", 30);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as InvalidResponseError).status).toBe(200);
      expect((error as InvalidResponseError).message).toMatch(/not JSON.*look the batch up before resubmitting/);
    }
    const stats = sandbox.stats();
    expect(stats.byOperation[UPDATE]?.requests).toBe(30);
    expect(retries).toEqual([]);
    // Truncated answers came after processing: one created batch per returned id or reported error.
    expect(stats.batchesCreated).toBe(ids.length + errors.length);
    await expectAllTerminal(client, ids);
    expectLimitsHeld(sandbox);
  });

  it("reads fail with an InvalidResponseError, and a wait polls through them to the end", async () => {
    const sandbox = await faultSandbox({ seed: 802, malformedJson: 0.4, only: [RESULTS] });
    const { client } = faultClient(sandbox);
    const { ids } = await submitMany(client, "MALGET", 8);
    expect(ids).toHaveLength(8);
    const [id] = ids as [string];
    const { values, errors } = settledTyped(
      await Promise.allSettled(range(20).map(() => client.getProductStatusResults(id))),
    );
    expect(values.length).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toBeInstanceOf(InvalidResponseError);
    await expectAllTerminal(client, ids);
    expectLimitsHeld(sandbox);
  });
});

describe("unknown statuses", () => {
  it("come back intact, and a wait polls through them until completed or failed", async () => {
    const sandbox = await faultSandbox({ seed: 811, unknownStatus: 0.5 });
    const { client } = faultClient(sandbox);
    const { ids, errors } = await submitMany(client, "UNK", 6);
    expect(errors).toEqual([]);
    const [id] = ids as [string];
    const reads = settledTyped(await Promise.allSettled(range(10).map(() => client.getProductStatusResults(id))));
    expect(reads.errors).toEqual([]);
    const unknown = reads.values.filter((results) => results.status === UNKNOWN_BATCH_STATUS);
    expect(unknown.length).toBeGreaterThan(0);
    for (const results of unknown)
      expect(results).toEqual({ batchRequestId: id, status: UNKNOWN_BATCH_STATUS, items: [] });

    const seen: string[] = [];
    const onProgress = (progress: WaitProgress) => seen.push(progress.status ?? "");
    const waits = settledTyped(
      await Promise.allSettled(
        ids.map((batchId) => client.waitForProductStatusResults(batchId, { ...QUICK_WAIT, onProgress })),
      ),
    );
    expect(waits.errors).toEqual([]);
    for (const results of waits.values) {
      expect(results.status).toBe("completed");
      expect(results.items).toHaveLength(1);
    }
    expect(seen).toContain(UNKNOWN_BATCH_STATUS);
    expect(sandbox.stats().batchesCreated).toBe(6);
    expectLimitsHeld(sandbox);
  });
});
