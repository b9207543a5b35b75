/**
 * How a failed command tells the user: the error's own message (the client
 * already redacted it; the CLI redacts the key once more), a hint on what to
 * do next, and every batch id already submitted, so no batch is lost. With
 * --json, stdout also gets one JSON document describing the error.
 */
import {
  BatchTimeoutError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  SellersCenterError,
  ServerError,
  SetProductStatusError,
  TimeoutError,
  UnauthorizedError,
} from "../index.ts";
import { API_KEY_ENV } from "./api-key.ts";
import { type ExitCode, exitCodeFor } from "./exit-codes.ts";
import { InterruptedError, type TextOutput } from "./io.ts";
import { renderJson } from "./render.ts";
import { UsageError } from "./usage-error.ts";

export type ErrorReport = {
  error: unknown;
  /** Batches submitted by this run (set-status) or waited on (status). */
  batchIds: readonly string[];
  json: boolean;
  stdout: TextOutput;
  stderr: TextOutput;
  /** Removes the API key from any text (a last line of defence; errors are redacted already). */
  redact: (text: string) => string;
};

function hintFor(error: unknown): string | undefined {
  if (error instanceof UsageError) return `Run: sellers-center ${error.command ? `${error.command} ` : ""}--help`;
  if (error instanceof UnauthorizedError) {
    return `Check the key in ${API_KEY_ENV} or --api-key-file: it may be mistyped, revoked, expired, or for another environment than --base-url.`;
  }
  if (error instanceof NotFoundError)
    return "Check the batch id: a batch is visible only with the key that submitted it, and only in the environment it was submitted to.";
  if (error instanceof BatchTimeoutError) return "Wait longer with --timeout (e.g. --timeout 2h), or check later.";
  if (error instanceof RateLimitError)
    return "The key's rate limit is used up (perhaps by another tool): wait a minute and try again.";
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof ServerError) {
    return "Try again in a moment; if it persists, check --base-url and the network.";
  }
  return undefined;
}

function messageOf(error: unknown): string {
  // The CLI lists the submitted ids itself; the cause says what went wrong.
  if (error instanceof SetProductStatusError) {
    const unsent =
      error.notSubmitted.length > 0
        ? ` ${error.notSubmitted.length} items were not submitted: send them again once the cause is fixed.`
        : "";
    return `${messageOf(error.cause)}${unsent}`;
  }
  if (error instanceof SellersCenterError || error instanceof UsageError || error instanceof InterruptedError)
    return error.message;
  const text = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${text}`;
}

function jsonOf(error: unknown, redact: (text: string) => string): unknown {
  const plain =
    error instanceof SellersCenterError
      ? error.toJSON()
      : { name: error instanceof Error ? error.name : "Error", message: messageOf(error) };
  return JSON.parse(redact(JSON.stringify(plain)));
}

/** Prints the error and returns the exit code the command ends with. */
export function reportError(report: ErrorReport): ExitCode {
  const { error, redact } = report;
  const exitCode = exitCodeFor(error);
  const cause = error instanceof SetProductStatusError ? error.cause : error;
  const lines = [`Error: ${messageOf(error)}`];
  const hint = hintFor(cause);
  if (hint) lines.push(hint);

  const ids =
    error instanceof SetProductStatusError
      ? error.submittedBatchIds
      : error instanceof BatchTimeoutError
        ? [error.batchRequestId]
        : report.batchIds;
  if (ids.length > 0 && !(cause instanceof UsageError)) {
    lines.push(
      `${ids.length === 1 ? "This batch was submitted and goes" : "These batches were submitted and go"} on regardless; check later with \`sellers-center status <id> --wait\`:`,
      ...ids.map((id) => `  ${id}`),
    );
  }
  report.stderr.write(`${redact(lines.join("\n"))}\n`);
  if (report.json) {
    report.stdout.write(
      renderJson({ error: jsonOf(error, redact), exitCode, ...(ids.length > 0 ? { batchRequestIds: ids } : {}) }),
    );
  }
  return exitCode;
}
