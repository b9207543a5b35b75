/**
 * Summaries of batch results: counts, the failures with their reasons, the
 * failed items ready to resubmit, and the merge of several batches' summaries
 * (a large submission split into batches).
 */
import { isSettableProductStatus } from "../lifecycle.ts";
import type { ProductStatusItem, ProductStatusResultItem, ProductStatusResults } from "../types.ts";

/**
 * One item the batch could not apply, and why.
 *
 * @example
 * for (const failure of summarizeBatch(results).failures) console.log(failure.styleKey, failure.requestedStatus, failure.errors.join("; "));
 */
export type BatchFailure = {
  styleKey: ProductStatusResultItem["requestItem"]["style_key"];
  /** The status that was asked for (as the results report it). */
  requestedStatus: ProductStatusResultItem["requestItem"]["status"];
  /** The API's reasons, as sent. */
  errors: ProductStatusResultItem["errors"];
};

/**
 * What one batch did: {@link summarizeBatch}'s answer.
 *
 * @example
 * const { status, succeeded, total }: BatchSummary = summarizeBatch(results);
 * console.log(`${status}: ${succeeded}/${total}`);
 */
export type BatchSummary = {
  batchRequestId: ProductStatusResults["batchRequestId"];
  status: ProductStatusResults["status"];
  /** Items in the results. */
  total: number;
  succeeded: number;
  failed: number;
  failures: BatchFailure[];
};

/**
 * A failure in a merged summary: which batch it came from, too.
 *
 * @example
 * for (const f of mergeSummaries(summaries).failures) console.log(f.batchRequestId, f.styleKey, f.errors);
 */
export type MergedBatchFailure = BatchFailure & { batchRequestId: ProductStatusResults["batchRequestId"] };

/**
 * Several batches' summaries as one: {@link mergeSummaries}'s answer.
 *
 * @example
 * const merged: MergedBatchSummary = mergeSummaries(summaries);
 * for (const batch of merged.batches) console.log(batch.batchRequestId, batch.status, batch.failed);
 */
export type MergedBatchSummary = {
  /** Each batch in submission order, with its own status and counts. */
  batches: Omit<BatchSummary, "failures">[];
  total: number;
  succeeded: number;
  failed: number;
  failures: MergedBatchFailure[];
};

/**
 * Counts a batch's results and lists its failures.
 *
 * @example
 * const summary = summarizeBatch(await client.getProductStatusResults(id));
 * for (const f of summary.failures) console.log(f.styleKey, f.errors.join("; "));
 */
export function summarizeBatch(results: ProductStatusResults): BatchSummary {
  const failures = results.items
    .filter((item) => !item.success)
    .map((item) => ({
      styleKey: item.requestItem.style_key,
      requestedStatus: item.requestItem.status,
      errors: item.errors,
    }));
  return {
    batchRequestId: results.batchRequestId,
    status: results.status,
    total: results.items.length,
    succeeded: results.items.length - failures.length,
    failed: failures.length,
    failures,
  };
}

/**
 * The items that failed, as `{ style_key, status }` ready to pass to
 * `updateProductStatus` again. Items whose requested status cannot be set
 * (not `published`, `inactive` or `draft`) are left out: resubmitting them
 * would only be refused again.
 *
 * @example
 * const retry = failedItems(results);
 * if (retry.length > 0) await client.updateProductStatus(retry);
 */
export function failedItems(results: ProductStatusResults): ProductStatusItem[] {
  const items: ProductStatusItem[] = [];
  for (const item of results.items) {
    const { style_key, status } = item.requestItem;
    if (!item.success && isSettableProductStatus(status)) items.push({ style_key, status });
  }
  return items;
}

/**
 * Merges the summaries of several batches (e.g. one submission split into
 * batches): counts add up, each failure names its batch.
 *
 * @example
 * const merged = mergeSummaries([summarizeBatch(first), summarizeBatch(second)]);
 * console.log(`${merged.failed} of ${merged.total} failed`);
 */
export function mergeSummaries(summaries: readonly BatchSummary[]): MergedBatchSummary {
  const merged: MergedBatchSummary = { batches: [], total: 0, succeeded: 0, failed: 0, failures: [] };
  for (const { failures, ...batch } of summaries) {
    merged.batches.push(batch);
    merged.total += batch.total;
    merged.succeeded += batch.succeeded;
    merged.failed += batch.failed;
    for (const failure of failures) merged.failures.push({ ...failure, batchRequestId: batch.batchRequestId });
  }
  return merged;
}
