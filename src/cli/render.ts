/**
 * What the commands print on stdout: readable summaries with a table of
 * failures, or (with --json) the same facts as one JSON document.
 */
import type { BatchSummary, ProductStatusItem, SetProductStatusResult } from "../index.ts";
import { isTerminalStatus } from "../index.ts";
import { printable, renderTable } from "./table.ts";

type Failure = { styleKey: string; requestedStatus: string; errors: readonly string[] };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The failure table: style key, requested status, the API's reasons. */
export function renderFailureTable(failures: readonly Failure[]): string {
  return renderTable(
    ["STYLE KEY", "REQUESTED", "ERRORS"],
    failures.map((failure) => [
      failure.styleKey,
      failure.requestedStatus,
      failure.errors.length > 0 ? failure.errors.join("; ") : "(no reason given)",
    ]),
  );
}

function countsLine(summary: { total: number; succeeded: number; failed: number }): string {
  return `${plural(summary.total, "item")}: ${summary.succeeded} succeeded, ${summary.failed} failed`;
}

function failuresBlock(failures: readonly Failure[]): string {
  return failures.length === 0 ? "" : `\nFailed items:\n${renderFailureTable(failures)}\n`;
}

/** One batch as `status` shows it. */
export function renderBatchSummary(summary: BatchSummary): string {
  const id = printable(summary.batchRequestId);
  const status = printable(summary.status);
  if (!isTerminalStatus(summary.status)) {
    return `Batch ${id}: ${status} (not finished; results come when it is completed).\nWait for it: sellers-center status ${id} --wait\n`;
  }
  const failedBatch =
    summary.status === "failed" && summary.total === 0
      ? " The batch failed as a whole and reported no items: submit them again."
      : "";
  return `Batch ${id}: ${status}. ${countsLine(summary)}.${failedBatch}\n${failuresBlock(summary.failures)}`;
}

/** The outcome of `set-status --wait` (one or several batches). */
export function renderSetStatusResult(result: SetProductStatusResult): string {
  const lines: string[] = [];
  for (const batch of result.batches) {
    lines.push(`Batch ${printable(batch.batchRequestId)}: ${printable(batch.status)}, ${countsLine(batch)}.`);
  }
  if (result.batches.length > 1) lines.push(`All batches: ${countsLine(result)}.`);
  let text = `${lines.join("\n")}\n${failuresBlock(result.failures)}`;
  if (result.unreported.length > 0) text += `\n${renderUnreported(result.unreported)}`;
  return text;
}

function renderUnreported(items: readonly ProductStatusItem[]): string {
  const keys = items.slice(0, 20).map((item) => printable(item.style_key));
  const more = items.length > 20 ? `, ... (${items.length - 20} more)` : "";
  return `${plural(items.length, "item")} not reported by the results (neither succeeded nor failed; submit them again): ${keys.join(", ")}${more}\n`;
}

/** The batch ids `set-status` without --wait submitted, one a line (easy to pipe). */
export function renderSubmitted(batchRequestIds: readonly string[]): string {
  return batchRequestIds.map((id) => `${printable(id)}\n`).join("");
}

/** Exactly one JSON document, newline-terminated. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
