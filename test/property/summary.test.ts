/**
 * Properties of the batch helpers on arbitrary schema-valid results:
 * summarizeBatch counts add up and list exactly the failed items in order,
 * mergeSummaries adds batches up, failedItems returns only resubmittable
 * failures, and only `completed` and `failed` are terminal.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  failedItems,
  isKnownRequestStatus,
  isTerminalStatus,
  mergeSummaries,
  type ProductStatusResults,
  requestStatusValues,
  SETTABLE_PRODUCT_STATUSES,
  summarizeBatch,
} from "../../src/index.ts";
import { anyStatus, NUM_RUNS, resultsBody } from "./arbitraries.ts";

const results = resultsBody as fc.Arbitrary<ProductStatusResults>;

describe("summaries (property)", () => {
  it("summarizeBatch: total = succeeded + failed = items, failures are the unsuccessful items in order", () => {
    fc.assert(
      fc.property(results, (batch) => {
        const summary = summarizeBatch(batch);
        expect(summary.total).toBe(batch.items.length);
        expect(summary.succeeded + summary.failed).toBe(summary.total);
        expect(summary.failures).toHaveLength(summary.failed);
        expect(summary.succeeded).toBe(batch.items.filter((item) => item.success).length);
        expect(summary.failures).toEqual(
          batch.items
            .filter((item) => !item.success)
            .map((item) => ({
              styleKey: item.requestItem.style_key,
              requestedStatus: item.requestItem.status,
              errors: item.errors,
            })),
        );
        expect(summary).toMatchObject({ batchRequestId: batch.batchRequestId, status: batch.status });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("mergeSummaries: counts add up over batches, every failure names its batch", () => {
    fc.assert(
      fc.property(fc.array(results, { maxLength: 5 }), (batches) => {
        const summaries = batches.map(summarizeBatch);
        const merged = mergeSummaries(summaries);
        const sum = (pick: (s: (typeof summaries)[number]) => number) =>
          summaries.reduce((total, s) => total + pick(s), 0);
        expect(merged.total).toBe(sum((s) => s.total));
        expect(merged.succeeded).toBe(sum((s) => s.succeeded));
        expect(merged.failed).toBe(sum((s) => s.failed));
        expect(merged.total).toBe(merged.succeeded + merged.failed);
        expect(merged.failures).toHaveLength(merged.failed);
        expect(merged.batches.map((b) => b.batchRequestId)).toEqual(batches.map((b) => b.batchRequestId));
        expect(merged.failures).toEqual(
          summaries.flatMap((s) => s.failures.map((f) => ({ ...f, batchRequestId: s.batchRequestId }))),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("failedItems: exactly the failed items whose status can be set again, as { style_key, status }", () => {
    fc.assert(
      fc.property(results, (batch) => {
        const settable = SETTABLE_PRODUCT_STATUSES as readonly string[];
        expect(failedItems(batch)).toEqual(
          batch.items
            .filter((item) => !item.success && settable.includes(item.requestItem.status))
            .map(({ requestItem: { style_key, status } }) => ({ style_key, status })),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("statuses (property)", () => {
  it("isTerminalStatus holds for completed and failed only; isKnownRequestStatus for the enum only", () => {
    fc.assert(
      fc.property(fc.oneof(anyStatus, fc.anything()), (status) => {
        expect(isTerminalStatus(status)).toBe(status === "completed" || status === "failed");
        expect(isKnownRequestStatus(status)).toBe((requestStatusValues as readonly unknown[]).includes(status));
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });
});
