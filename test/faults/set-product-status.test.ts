/**
 * Fault suite: the whole setProductStatus workflow under faults. Read faults
 * of every kind are polled through and every item is accounted for. Once a
 * submission fails, SetProductStatusError must say where every batch stands:
 * submitted (with its id, read here to the end), unknown (answer lost), or
 * never sent.
 */
import { describe, expect, it } from "vitest";
import { NetworkError, type ProductStatusItem, SetProductStatusError } from "../../src/index.ts";
import {
  expectAllTerminal,
  expectLimitsHeld,
  faultClient,
  faultSandbox,
  noteErrors,
  QUICK_WAIT,
  RESULTS,
  range,
  settledTyped,
  UPDATE,
  useFaultHarness,
} from "./harness.ts";

useFaultHarness();

function itemsNamed(label: string, count: number): ProductStatusItem[] {
  return range(count).map((index) => ({ style_key: `${label}-${index}`, status: "draft" }));
}

/** Seeds whose PUT-only drops (rate 0.3) hit exactly these submissions, worked out from the sandbox's PRNG. */
const DROP_SECOND_SUBMISSION = 1003;
const DROP_FIRST_SUBMISSION = 1012;

describe("setProductStatus under faults", () => {
  it("read faults of every kind: every batch is read to the end and every item is accounted for", async () => {
    const sandbox = await faultSandbox({
      seed: 1101,
      only: [RESULTS],
      serverError: 0.15,
      dropBeforeProcessing: 0.1,
      dropAfterProcessing: 0.1,
      malformedJson: 0.1,
      unknownStatus: 0.1,
      slow: 0.1,
      slowMs: 30,
      hang: 0.05,
    });
    const { client } = faultClient(sandbox);
    // ACTIVE-1 cannot go back to draft: one refused item, reported as a failure, not an error.
    const items = [...itemsNamed("WF", 23), { style_key: "ACTIVE-1", status: "draft" as const }];
    const [summary] = settledTyped(
      await Promise.allSettled([client.setProductStatus(items, { ...QUICK_WAIT, batchSize: 4 })]),
    ).values;
    expect(summary).toBeDefined();
    expect(summary).toMatchObject({ submitted: 24, total: 24, succeeded: 23, failed: 1, unreported: [] });
    expect(summary?.failures.map((failure) => failure.styleKey)).toEqual(["ACTIVE-1"]);
    expect(summary?.batches.map((batch) => batch.status)).toEqual(Array(6).fill("completed"));
    const stats = sandbox.stats();
    expect(stats.batchesCreated).toBe(6);
    expect(Object.keys(stats.faultsInjected).length).toBeGreaterThan(3);
    expectLimitsHeld(sandbox);
  });

  it("a submission's answer lost: the error carries every submitted id and the lost one's cause; nothing is created twice", async () => {
    const sandbox = await faultSandbox({ seed: DROP_SECOND_SUBMISSION, dropAfterProcessing: 0.3, only: [UPDATE] });
    const { client } = faultClient(sandbox);
    const items = itemsNamed("LOST", 8);
    const [error] = settledTyped(
      await Promise.allSettled([client.setProductStatus(items, { ...QUICK_WAIT, batchSize: 2 })]),
    ).errors;
    expect(error).toBeInstanceOf(SetProductStatusError);
    const failure = error as SetProductStatusError;
    expect(failure.cause).toBeInstanceOf(NetworkError);
    expect((failure.cause as NetworkError).requestMayHaveBeenProcessed).toBe(true);
    expect(failure.submittedBatchIds).toHaveLength(1);
    // The submitted batch plus the one whose answer was lost; no more submissions after the failure.
    expect(sandbox.stats().byOperation[UPDATE]?.requests).toBe(2);
    expect(sandbox.stats().batchesCreated).toBe(2);
    await expectAllTerminal(client, failure.submittedBatchIds);
  });

  it("a submission's answer lost: its items are not reported as never sent (resending them would duplicate the batch)", async () => {
    const sandbox = await faultSandbox({ seed: DROP_SECOND_SUBMISSION, dropAfterProcessing: 0.3, only: [UPDATE] });
    const { client } = faultClient(sandbox);
    const items = itemsNamed("UNSENT", 8);
    const error = await client
      .setProductStatus(items, { ...QUICK_WAIT, batchSize: 2 })
      .catch((caught: unknown) => caught);
    noteErrors(error);
    expect(error).toBeInstanceOf(SetProductStatusError);
    expect(sandbox.stats().batchesCreated).toBe(2);
    // Batch 1 was submitted, batch 2 was created although its answer was lost: only batches 3 and 4 were never sent.
    expect((error as SetProductStatusError).notSubmitted).toEqual(items.slice(4));
    expect((error as SetProductStatusError).unknownOutcome).toEqual(items.slice(2, 4));
  });

  it("the first submission's answer lost: reported as a batch of unknown outcome, the rest as not sent", async () => {
    const sandbox = await faultSandbox({ seed: DROP_FIRST_SUBMISSION, dropAfterProcessing: 0.3, only: [UPDATE] });
    const { client } = faultClient(sandbox);
    const items = itemsNamed("FIRST", 4);
    const [error] = settledTyped(
      await Promise.allSettled([client.setProductStatus(items, { ...QUICK_WAIT, batchSize: 2 })]),
    ).errors;
    expect(error).toBeInstanceOf(SetProductStatusError);
    const failure = error as SetProductStatusError;
    expect(failure.cause).toBeInstanceOf(NetworkError);
    expect((failure.cause as NetworkError).requestMayHaveBeenProcessed).toBe(true);
    expect(failure.submittedBatchIds).toEqual([]);
    expect(failure.unknownOutcome).toEqual(items.slice(0, 2));
    expect(failure.notSubmitted).toEqual(items.slice(2));
    expect(failure.message).toContain("may exist");
    expect(sandbox.stats().byOperation[UPDATE]?.requests).toBe(1);
    expect(sandbox.stats().batchesCreated).toBe(1);
  });
});
