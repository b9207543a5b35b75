/**
 * The error setProductStatus throws once at least one batch was submitted:
 * it keeps the submitted ids (those batches go on regardless), the summaries
 * of batches that had already finished, and the items never sent.
 */
import { SellersCenterError } from "../errors.ts";
import type { ProductStatusItem } from "../types.ts";
import type { BatchSummary } from "./summary.ts";

const IDS_SHOWN = 10;

/**
 * Thrown by `setProductStatus` once at least one batch was submitted: the
 * cause is in `cause`; the submitted batches go on regardless.
 *
 * @example
 * try { await client.setProductStatus(items) }
 * catch (err) {
 *   if (err instanceof SetProductStatusError) console.error(err.submittedBatchIds, err.notSubmitted.length, err.cause);
 * }
 */
export class SetProductStatusError extends SellersCenterError {
  override name = "SetProductStatusError";
  /** Every batch submitted, in order: each is processed whatever happened here. Look them up with `getProductStatusResults(id)`. */
  readonly submittedBatchIds: string[];
  /** Summaries of the submitted batches that had finished before the failure. */
  readonly finished: BatchSummary[];
  /**
   * The items of the submission whose answer was lost (timeout, dropped
   * connection, 5xx, malformed answer): their batch may exist. Resending
   * them at once is safe only within the vendor's deduplication window
   * (an identical payload returns the in-flight batch's id); otherwise check
   * the products' states first.
   */
  readonly unknownOutcome: ProductStatusItem[];
  /** The items that were never submitted (to resubmit once the cause is fixed). */
  readonly notSubmitted: ProductStatusItem[];

  constructor(details: {
    cause: unknown;
    submittedBatchIds: string[];
    finished: BatchSummary[];
    unknownOutcome: ProductStatusItem[];
    notSubmitted: ProductStatusItem[];
    batchCount: number;
  }) {
    const { cause, submittedBatchIds, finished, unknownOutcome, notSubmitted, batchCount } = details;
    const message = cause instanceof Error ? cause.message : String(cause);
    const reason = /[.!?]$/.test(message) ? message : `${message}.`;
    const ids =
      submittedBatchIds.slice(0, IDS_SHOWN).join(", ") +
      (submittedBatchIds.length > IDS_SHOWN ? ", ... (see submittedBatchIds)" : "");
    const unknown =
      unknownOutcome.length > 0
        ? ` The answer to the submission of ${unknownOutcome.length} more items was lost: that batch may exist (error.unknownOutcome); ` +
          "resending the identical items soon returns its id if it does (the vendor deduplicates in-flight batches)."
        : "";
    const unsent =
      notSubmitted.length > 0
        ? ` ${notSubmitted.length} items were not submitted: send them again once the cause is fixed (error.notSubmitted).`
        : "";
    super(
      `setProductStatus stopped: ${reason} ${submittedBatchIds.length} of ${batchCount} batches had been submitted and are processed regardless ` +
        `(${ids || "none"}); look them up with getProductStatusResults(id) or \`sellers-center status <id> --wait\`.${unknown}${unsent}`,
      {
        cause,
        ...(cause instanceof SellersCenterError && cause.status !== undefined ? { status: cause.status } : {}),
        ...(cause instanceof SellersCenterError && cause.operation !== undefined ? { operation: cause.operation } : {}),
      },
    );
    this.submittedBatchIds = submittedBatchIds;
    this.finished = finished;
    this.unknownOutcome = unknownOutcome;
    this.notSubmitted = notSubmitted;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      cause: this.cause instanceof SellersCenterError ? this.cause.toJSON() : String(this.cause),
      submittedBatchIds: this.submittedBatchIds,
      finished: this.finished,
      unknownOutcome: this.unknownOutcome,
      notSubmitted: this.notSubmitted,
    };
  }
}
