/**
 * setProductStatus: validate, split into batches, submit, wait for each, and
 * summarize; the whole "set these products to X and tell me what failed" flow.
 */
import {
  BadRequestError,
  ConfigurationError,
  NetworkError,
  RateLimitError,
  UnauthorizedError,
  ValidationError,
  type ValidationIssue,
} from "../errors.ts";
import type { ProductStatusItem, ProductStatusResults, UpdateProductStatusResponse } from "../types.ts";
import { validateProductStatusItems } from "../validate.ts";
import { checkNumberOption } from "./option-checks.ts";
import { SetProductStatusError } from "./set-status-error.ts";
import { type BatchSummary, type MergedBatchSummary, mergeSummaries, summarizeBatch } from "./summary.ts";
import { checkWaitOptions, type WaitForResultsOptions, type WaitProgress, waitForResults } from "./wait.ts";

/**
 * What setProductStatus needs from a client: its two methods. A {@link SellersCenterClient} fits.
 *
 * @example
 * const deps: ProductStatusDeps = createSellersCenterClient();
 * const summary = await setProductStatus(deps, [{ style_key: "ABC-123", status: "published" }]);
 */
export type ProductStatusDeps = {
  updateProductStatus(
    items: readonly ProductStatusItem[],
    options?: { signal?: AbortSignal },
  ): Promise<UpdateProductStatusResponse>;
  getProductStatusResults(batchRequestId: string, options?: { signal?: AbortSignal }): Promise<ProductStatusResults>;
};

/**
 * A wait's progress, with the batch it is about: what `setProductStatus`'s `onProgress` receives.
 *
 * @example
 * const onProgress = (p: BatchProgress) => console.error(`batch ${p.batchIndex + 1}/${p.batchCount} ${p.batchRequestId}: ${p.status}`);
 */
export type BatchProgress = WaitProgress & { batchRequestId: string; batchIndex: number; batchCount: number };

/**
 * Options of `setProductStatus`: the batch size, the hooks, and the wait options each batch's wait uses.
 *
 * @example
 * await client.setProductStatus(items, {
 *   batchSize: 500,
 *   timeoutMs: 60 * 60_000,
 *   onSubmitted: ({ batchRequestId, batchIndex, batchCount }) => console.error(`sent ${batchIndex + 1}/${batchCount}: ${batchRequestId}`),
 * });
 */
export type SetProductStatusOptions = Omit<WaitForResultsOptions, "onProgress"> & {
  /** Items per submitted batch. Default 1000 (the spec states no maximum). */
  batchSize?: number;
  /** Called once per batch as soon as it is accepted, with its id. */
  onSubmitted?: (batch: {
    batchRequestId: string;
    batchIndex: number;
    batchCount: number;
    items: readonly ProductStatusItem[];
  }) => void;
  /** Called after every poll of every batch. */
  onProgress?: (progress: BatchProgress) => void;
};

/**
 * What setProductStatus resolves with: the merged summary of every batch, plus what the results left out.
 *
 * @example
 * const result: SetProductStatusResult = await client.setProductStatus(items);
 * console.log(`${result.succeeded} ok, ${result.failed} failed, ${result.unreported.length} unreported of ${result.submitted}`);
 */
export type SetProductStatusResult = MergedBatchSummary & {
  /** Items sent. */
  submitted: number;
  /** Items sent that no batch's results mention (e.g. a `failed` batch with no items): neither succeeded nor failed. */
  unreported: ProductStatusItem[];
};

/**
 * Items per submitted batch unless `batchSize` says otherwise.
 *
 * @example
 * await client.setProductStatus(items, { batchSize: DEFAULT_BATCH_SIZE / 2 });
 */
export const DEFAULT_BATCH_SIZE = 1000;

/**
 * Whether a failed submission surely created no batch: refused by the
 * client or the server (400, 401, 429), or a connection that was refused.
 * Anything else (5xx, timeout, dropped connection, abort in flight, a
 * malformed 200) may have created one.
 */
function surelyNotProcessed(error: unknown): boolean {
  if (error instanceof NetworkError) return !error.requestMayHaveBeenProcessed;
  return (
    error instanceof ValidationError ||
    error instanceof ConfigurationError ||
    error instanceof BadRequestError ||
    error instanceof UnauthorizedError ||
    error instanceof RateLimitError
  );
}

function splitIntoBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** The sent items that the results do not mention (matched by style key and status, counting duplicates). */
function unreportedItems(sent: readonly ProductStatusItem[], results: ProductStatusResults): ProductStatusItem[] {
  const key = (styleKey: string, status: string) => JSON.stringify([styleKey, status]);
  const reported = new Map<string, number>();
  for (const { requestItem } of results.items) {
    const k = key(requestItem.style_key, requestItem.status);
    reported.set(k, (reported.get(k) ?? 0) + 1);
  }
  return sent.filter((item) => {
    const k = key(item.style_key, item.status);
    const left = reported.get(k) ?? 0;
    if (left > 0) reported.set(k, left - 1);
    return left === 0;
  });
}

/**
 * Sets product statuses and waits for the outcome: validates every item
 * first (nothing is sent if one is invalid), submits them in batches of
 * `batchSize` one after the other, waits for every batch (concurrently, each
 * with the wait options, `timeoutMs` counted per batch), and resolves with
 * the merged summary. A batch whose status ends `failed` is reported, not
 * thrown.
 *
 * Errors: a ValidationError, or an error that surely created no batch
 * before the first one was accepted, is thrown as it is: then nothing was
 * submitted. Otherwise (a batch was accepted, or a submission's answer was
 * lost so its batch may exist), any failure stops the rest (no further
 * submissions; other waits are cancelled) and throws a
 * {@link SetProductStatusError} whose `cause` is the first failure and whose
 * `submittedBatchIds`, `finished`, `unknownOutcome` and `notSubmitted` say
 * where things stand.
 *
 * @example
 * const summary = await setProductStatus(client, [{ style_key: "ABC-123", status: "inactive" }], { timeoutMs: 3_600_000 });
 * console.log(`${summary.succeeded}/${summary.total} done`, summary.failures);
 */
export async function setProductStatus(
  deps: ProductStatusDeps,
  items: readonly ProductStatusItem[],
  options: SetProductStatusOptions = {},
): Promise<SetProductStatusResult> {
  validateProductStatusItems(items);
  const { batchSize = DEFAULT_BATCH_SIZE, onSubmitted, onProgress, signal: callerSignal, ...waitOptions } = options;
  const issues: ValidationIssue[] = [];
  checkNumberOption(issues, "batchSize", batchSize, { min: 1, integer: true });
  if (issues.length > 0) throw new ValidationError("setProductStatus", issues);
  checkWaitOptions(waitOptions);
  callerSignal?.throwIfAborted();

  const batches = splitIntoBatches(items, batchSize);
  // One failure stops everything: no more submissions, and the other waits are cancelled.
  const stopAll = new AbortController();
  const signal = callerSignal ? AbortSignal.any([callerSignal, stopAll.signal]) : stopAll.signal;
  let firstFailure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    firstFailure ??= { error };
    stopAll.abort(new Error("setProductStatus stopped after another failure."));
  };
  const submittedBatchIds: string[] = [];
  const finished: Array<BatchSummary | undefined> = [];
  const waits: Promise<ProductStatusResults>[] = [];
  /** The items of a submission whose answer never came: the batch may or may not exist. */
  let unknownOutcome: ProductStatusItem[] = [];

  try {
    for (const [batchIndex, batch] of batches.entries()) {
      signal.throwIfAborted();
      let batchRequestId: string;
      try {
        ({ batchRequestId } = await deps.updateProductStatus(batch, { signal }));
      } catch (error) {
        if (!surelyNotProcessed(error)) unknownOutcome = batch;
        throw error;
      }
      submittedBatchIds.push(batchRequestId);
      onSubmitted?.({ batchRequestId, batchIndex, batchCount: batches.length, items: batch });
      const wait = waitForResults((id, o) => deps.getProductStatusResults(id, o), batchRequestId, {
        ...waitOptions,
        signal,
        ...(onProgress
          ? {
              onProgress: (p: WaitProgress) =>
                onProgress({ ...p, batchRequestId, batchIndex, batchCount: batches.length }),
            }
          : {}),
      }).then((results) => {
        finished[batchIndex] = summarizeBatch(results);
        return results;
      });
      wait.catch(fail);
      waits.push(wait);
    }
    const allResults = await Promise.all(waits);
    return {
      ...mergeSummaries(allResults.map(summarizeBatch)),
      submitted: items.length,
      unreported: allResults.flatMap((results, index) => unreportedItems(batches[index] ?? [], results)),
    };
  } catch (error) {
    fail(error);
    await Promise.allSettled(waits);
    const cause = firstFailure?.error ?? error;
    if (submittedBatchIds.length === 0 && unknownOutcome.length === 0) throw cause;
    const attempted = submittedBatchIds.length + (unknownOutcome.length > 0 ? 1 : 0);
    throw new SetProductStatusError({
      cause,
      submittedBatchIds,
      finished: finished.filter((summary): summary is BatchSummary => summary !== undefined),
      unknownOutcome,
      notSubmitted: batches.slice(attempted).flat(),
      batchCount: batches.length,
    });
  }
}
