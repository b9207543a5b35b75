import { describe, expect, it } from "vitest";
import { isKnownRequestStatus, isTerminalStatus, TERMINAL_REQUEST_STATUSES } from "../../src/batch/status.ts";
import { failedItems, mergeSummaries, summarizeBatch } from "../../src/batch/summary.ts";
import { requestStatusValues } from "../../src/generated/schema.ts";
import { BATCH_ID, ko, OTHER_BATCH_ID, ok, results } from "./fakes.ts";

describe("batch statuses", () => {
  it("knows exactly the statuses the generated schema lists", () => {
    for (const status of requestStatusValues) expect(isKnownRequestStatus(status)).toBe(true);
    expect(isKnownRequestStatus("queued")).toBe(false);
    expect(isKnownRequestStatus(undefined)).toBe(false);
  });

  it("treats completed and failed as terminal, and pending, processing, retry and unknown strings as not", () => {
    expect(isTerminalStatus("completed")).toBe(true);
    expect(isTerminalStatus("failed")).toBe(true);
    for (const status of ["pending", "processing", "retry", "queued", "COMPLETED", ""])
      expect(isTerminalStatus(status)).toBe(false);
    expect(TERMINAL_REQUEST_STATUSES.every((s) => (requestStatusValues as readonly string[]).includes(s))).toBe(true);
  });
});

describe("summarizeBatch", () => {
  it("counts successes and failures and keeps each failure's reasons", () => {
    const summary = summarizeBatch(
      results("completed", [
        ok("A"),
        ko("B", ["style not found"]),
        ko("C", ["draft not allowed", "use inactive"], "draft"),
      ]),
    );
    expect(summary).toEqual({
      batchRequestId: BATCH_ID,
      status: "completed",
      total: 3,
      succeeded: 1,
      failed: 2,
      failures: [
        { styleKey: "B", requestedStatus: "published", errors: ["style not found"] },
        { styleKey: "C", requestedStatus: "draft", errors: ["draft not allowed", "use inactive"] },
      ],
    });
  });

  it("summarizes a batch with no items", () => {
    expect(summarizeBatch(results("failed"))).toMatchObject({
      status: "failed",
      total: 0,
      succeeded: 0,
      failed: 0,
      failures: [],
    });
  });
});

describe("failedItems", () => {
  it("returns the failed items as { style_key, status }, ready to resubmit, skipping statuses that cannot be set", () => {
    const items = failedItems(
      results("completed", [ok("A"), ko("B", ["x"], "inactive"), ko("C", ["y"], "archived"), ko("D", ["z"])]),
    );
    expect(items).toEqual([
      { style_key: "B", status: "inactive" },
      { style_key: "D", status: "published" },
    ]);
  });
});

describe("mergeSummaries", () => {
  it("adds up counts, lists each batch and tags each failure with its batch", () => {
    const first = summarizeBatch(results("completed", [ok("A"), ko("B", ["x"])]));
    const second = summarizeBatch(results("failed", [ko("C", ["y"])], OTHER_BATCH_ID));
    const merged = mergeSummaries([first, second]);
    expect(merged).toEqual({
      batches: [
        { batchRequestId: BATCH_ID, status: "completed", total: 2, succeeded: 1, failed: 1 },
        { batchRequestId: OTHER_BATCH_ID, status: "failed", total: 1, succeeded: 0, failed: 1 },
      ],
      total: 3,
      succeeded: 1,
      failed: 2,
      failures: [
        { batchRequestId: BATCH_ID, styleKey: "B", requestedStatus: "published", errors: ["x"] },
        { batchRequestId: OTHER_BATCH_ID, styleKey: "C", requestedStatus: "published", errors: ["y"] },
      ],
    });
  });

  it("merges nothing into zeros", () => {
    expect(mergeSummaries([])).toEqual({ batches: [], total: 0, succeeded: 0, failed: 0, failures: [] });
  });
});
