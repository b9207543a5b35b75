import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ProductStatusDeps, setProductStatus } from "../../src/batch/set-status.ts";
import { SetProductStatusError } from "../../src/batch/set-status-error.ts";
import { createVirtualTimers } from "../../src/batch/virtual-timers.ts";
import { BadRequestError, BatchTimeoutError, ValidationError } from "../../src/errors.ts";
import type { ProductStatusItem, ProductStatusResults } from "../../src/types.ts";

const items = (count: number, prefix = "STYLE"): ProductStatusItem[] =>
  Array.from({ length: count }, (_, i) => ({ style_key: `${prefix}-${i}`, status: "published" }));

/**
 * A fake API: each submission gets a fresh id; a batch answers `processing`
 * for `pollsUntilDone` polls, then its final status, failing the style keys
 * listed in `failing`.
 */
function fakeApi(
  options: {
    failing?: string[];
    pollsUntilDone?: number;
    finalStatus?: string;
    refuseSubmission?: number;
    reportItems?: boolean;
  } = {},
) {
  const { failing = [], pollsUntilDone = 2, finalStatus = "completed", refuseSubmission, reportItems = true } = options;
  const submitted = new Map<string, readonly ProductStatusItem[]>();
  const polls = new Map<string, number>();
  const submissions: string[] = [];
  const deps: ProductStatusDeps = {
    async updateProductStatus(batch) {
      if (submissions.length === refuseSubmission)
        throw new BadRequestError("HTTP 400: refused; fix the input", { status: 400 });
      const batchRequestId = randomUUID();
      submissions.push(batchRequestId);
      submitted.set(batchRequestId, batch);
      return { batchRequestId };
    },
    async getProductStatusResults(batchRequestId): Promise<ProductStatusResults> {
      const count = (polls.get(batchRequestId) ?? 0) + 1;
      polls.set(batchRequestId, count);
      if (count <= pollsUntilDone) return { batchRequestId, status: "processing", items: [] };
      const sent = reportItems ? (submitted.get(batchRequestId) ?? []) : [];
      return {
        batchRequestId,
        status: finalStatus,
        items: sent.map((requestItem) => {
          const fails = failing.includes(requestItem.style_key);
          return { requestItem: { ...requestItem }, success: !fails, errors: fails ? ["style not found"] : [] };
        }),
      };
    },
  };
  return { deps, submissions, polls, submitted };
}

async function run(
  deps: ProductStatusDeps,
  input: ProductStatusItem[],
  options: Parameters<typeof setProductStatus>[2] = {},
) {
  const timers = createVirtualTimers();
  const outcome = await timers.run(setProductStatus(deps, input, { timers, ...options })).then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error }),
  );
  return { ...outcome, timers };
}

describe("setProductStatus", () => {
  it("splits the items into batches of batchSize, waits for each and merges the summaries", async () => {
    const api = fakeApi({ failing: ["STYLE-3", "STYLE-2400"] });
    const submittedEvents: number[] = [];
    const { value, timers } = await run(api.deps, items(2500), {
      batchSize: 1000,
      onSubmitted: (b) => submittedEvents.push(b.items.length),
    });
    expect([...api.submitted.values()].map((batch) => batch.length)).toEqual([1000, 1000, 500]);
    expect(submittedEvents).toEqual([1000, 1000, 500]);
    expect(value).toMatchObject({ total: 2500, succeeded: 2498, failed: 2, submitted: 2500, unreported: [] });
    expect(value?.batches.map((b) => b.batchRequestId)).toEqual(api.submissions);
    expect(value?.failures).toEqual([
      {
        batchRequestId: api.submissions[0],
        styleKey: "STYLE-3",
        requestedStatus: "published",
        errors: ["style not found"],
      },
      {
        batchRequestId: api.submissions[2],
        styleKey: "STYLE-2400",
        requestedStatus: "published",
        errors: ["style not found"],
      },
    ]);
    expect(timers.pendingCount()).toBe(0);
  });

  it("uses one batch of up to 1000 items by default", async () => {
    const api = fakeApi();
    await run(api.deps, items(1000));
    expect(api.submissions).toHaveLength(1);
  });

  it("reports a batch that ended failed without throwing, and the items its results leave out as unreported", async () => {
    const api = fakeApi({ finalStatus: "failed", reportItems: false });
    const { value } = await run(api.deps, items(3));
    expect(value).toMatchObject({ total: 0, succeeded: 0, failed: 0, submitted: 3 });
    expect(value?.batches[0]?.status).toBe("failed");
    expect(value?.unreported).toEqual(items(3));
  });

  it("reports progress per batch", async () => {
    const api = fakeApi();
    const seen = new Set<string>();
    await run(api.deps, items(4), {
      batchSize: 2,
      onProgress: (p) => seen.add(`${p.batchIndex}/${p.batchCount} ${p.status}`),
    });
    expect([...seen].sort()).toEqual(["0/2 completed", "0/2 processing", "1/2 completed", "1/2 processing"]);
  });

  it("validates every item before sending anything", async () => {
    const api = fakeApi();
    const bad = [...items(5), { style_key: " ", status: "published" } as ProductStatusItem];
    const { error } = await run(api.deps, bad, { batchSize: 2 });
    expect(error).toBeInstanceOf(ValidationError);
    expect(api.submissions).toHaveLength(0);
  });

  it("refuses a batchSize or wait option it cannot use before sending anything", async () => {
    const api = fakeApi();
    expect((await run(api.deps, items(2), { batchSize: 0 })).error).toBeInstanceOf(ValidationError);
    expect((await run(api.deps, items(2), { timeoutMs: -5 })).error).toBeInstanceOf(ValidationError);
    expect(api.submissions).toHaveLength(0);
  });

  it("throws the original error when the first submission fails: nothing was submitted", async () => {
    const api = fakeApi({ refuseSubmission: 0 });
    const { error } = await run(api.deps, items(3));
    expect(error).toBeInstanceOf(BadRequestError);
  });

  it("keeps the ids already submitted when a later submission fails, and stops waiting on them", async () => {
    const api = fakeApi({ refuseSubmission: 1, pollsUntilDone: 1_000 });
    const { error, timers } = await run(api.deps, items(5), { batchSize: 2 });
    expect(error).toBeInstanceOf(SetProductStatusError);
    const failure = error as SetProductStatusError;
    expect(failure.cause).toBeInstanceOf(BadRequestError);
    expect(failure.status).toBe(400);
    expect(failure.submittedBatchIds).toEqual(api.submissions);
    expect(failure.submittedBatchIds).toHaveLength(1);
    expect(failure.notSubmitted).toEqual(items(5).slice(2));
    expect(failure.message).toContain(api.submissions[0]);
    expect(failure.message).toMatch(/1 of 3 batches/);
    expect(failure.message).toMatch(/3 items were not submitted/);
    expect(timers.pendingCount()).toBe(0);
  });

  it("keeps every id, and the summaries of batches already finished, when a wait times out", async () => {
    const api = fakeApi({ pollsUntilDone: 1_000 });
    const fast = fakeApi();
    // The first batch finishes quickly; the second never does.
    const deps: ProductStatusDeps = {
      updateProductStatus: api.deps.updateProductStatus,
      getProductStatusResults: (id, o) =>
        id === api.submissions[0] ? fast.deps.getProductStatusResults(id, o) : api.deps.getProductStatusResults(id, o),
    };
    const { error } = await run(deps, items(4), { batchSize: 2, timeoutMs: 60_000 });
    expect(error).toBeInstanceOf(SetProductStatusError);
    const failure = error as SetProductStatusError;
    expect(failure.cause).toBeInstanceOf(BatchTimeoutError);
    expect((failure.cause as BatchTimeoutError).batchRequestId).toBe(api.submissions[1]);
    expect(failure.submittedBatchIds).toEqual(api.submissions);
    expect(failure.notSubmitted).toEqual([]);
    expect(failure.finished.map((s) => s.status)).toEqual(["completed"]);
    expect(JSON.parse(JSON.stringify(failure))).toMatchObject({
      name: "SetProductStatusError",
      submittedBatchIds: api.submissions,
    });
  });

  it("an abort after submitting keeps the ids, with the signal's reason as the cause", async () => {
    const api = fakeApi({ pollsUntilDone: 1_000 });
    const controller = new AbortController();
    const { error, timers } = await run(api.deps, items(2), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.attempt === 3) controller.abort("user cancelled");
      },
    });
    expect(error).toBeInstanceOf(SetProductStatusError);
    expect((error as SetProductStatusError).cause).toBe("user cancelled");
    expect((error as SetProductStatusError).submittedBatchIds).toEqual(api.submissions);
    expect(timers.pendingCount()).toBe(0);
  });
});
