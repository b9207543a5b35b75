/**
 * waitForResults: poll a batch until it is `completed` or `failed`, on the
 * schedule of poll-schedule.ts, within a deadline, through passing errors.
 */
import { BatchTimeoutError, NotFoundError, ValidationError, type ValidationIssue } from "../errors.ts";
import type { ProductStatusResults } from "../types.ts";
import { validateBatchRequestId } from "../validate.ts";
import { checkNumberOption } from "./option-checks.ts";
import { isTransientPollError } from "./poll-errors.ts";
import { checkPollScheduleOptions, createPollSchedule, type PollScheduleOptions } from "./poll-schedule.ts";
import { isTerminalStatus } from "./status.ts";
import { realTimers, type Timers } from "./timers.ts";

const RESULTS_OPERATION = "GET /api/v1/results/status";

/**
 * Reads a batch's results once; `client.getProductStatusResults` fits.
 *
 * @example
 * const getResults: GetResults = (id, { signal }) => client.getProductStatusResults(id, { signal });
 * const results = await waitForResults(getResults, batchRequestId);
 */
export type GetResults = (batchRequestId: string, options: { signal: AbortSignal }) => Promise<ProductStatusResults>;

/**
 * What `onProgress` receives after each poll.
 *
 * @example
 * const onProgress = ({ status, attempt, elapsedMs, error }: WaitProgress) =>
 *   console.error(`poll ${attempt} after ${elapsedMs} ms: ${status ?? "no status yet"}${error ? " (failed, polling on)" : ""}`);
 */
export type WaitProgress = {
  /** The latest status seen (not necessarily one the spec lists); undefined until a poll succeeds. */
  status: string | undefined;
  /** Polls made so far, this one included (1 for the first). */
  attempt: number;
  /** Time since the wait began. */
  elapsedMs: number;
  /** When the next poll starts; undefined when this poll ended the wait. */
  nextPollInMs: number | undefined;
  /** The latest results seen; undefined until a poll succeeds. */
  results: ProductStatusResults | undefined;
  /** Set when this poll failed and the wait goes on (a passing error, or a 404 within the grace period). */
  error?: unknown;
};

/**
 * Options of `waitForProductStatusResults` / {@link waitForResults}: the deadline, the signal, progress, error tolerance and the poll schedule.
 *
 * @example
 * const results = await client.waitForProductStatusResults(batchRequestId, {
 *   timeoutMs: 30 * 60_000,
 *   signal: AbortSignal.timeout(60 * 60_000),
 *   maxConsecutiveErrors: 20,
 * });
 */
export type WaitForResultsOptions = PollScheduleOptions & {
  /** Give up (BatchTimeoutError) after this long. Default 7 200 000 ms (2 hours). */
  timeoutMs?: number;
  /** Aborting rejects the wait at once with the signal's reason. */
  signal?: AbortSignal;
  /** Called after every poll. An exception thrown here ends the wait with it. */
  onProgress?: (progress: WaitProgress) => void;
  /** A 404 before any results were seen, within this long of the wait's start, means "not visible yet": keep polling. Default 30 000 ms. */
  notFoundGraceMs?: number;
  /**
   * Passing errors (5xx, malformed answers, dropped connections, attempt
   * timeouts, 429) are polled through with growing delays; the wait ends with
   * the last one when more than this many polls in a row failed. Default 10.
   */
  maxConsecutiveErrors?: number;
  /** ...or when polls have been failing for longer than this. Default 300 000 ms (5 minutes). */
  maxErrorDurationMs?: number;
  /** @internal Clock and sleep (tests, benchmark). */
  timers?: Timers;
  /** @internal Random source for jitter (tests). */
  random?: () => number;
};

export const WAIT_DEFAULTS = {
  timeoutMs: 2 * 60 * 60 * 1000,
  notFoundGraceMs: 30_000,
  maxConsecutiveErrors: 10,
  maxErrorDurationMs: 5 * 60 * 1000,
} as const;

/** Throws ValidationError naming every unusable option (setProductStatus checks before submitting anything). */
export function checkWaitOptions(options: WaitForResultsOptions): void {
  const issues: ValidationIssue[] = [];
  checkNumberOption(issues, "timeoutMs", options.timeoutMs);
  checkNumberOption(issues, "notFoundGraceMs", options.notFoundGraceMs);
  checkNumberOption(issues, "maxConsecutiveErrors", options.maxConsecutiveErrors, { integer: true });
  checkNumberOption(issues, "maxErrorDurationMs", options.maxErrorDurationMs);
  checkPollScheduleOptions(options, issues);
  if (issues.length > 0) throw new ValidationError("waitForProductStatusResults", issues);
}

type PollOutcome = { results: ProductStatusResults } | { error: unknown } | { deadline: true };

/**
 * One poll, raced against the deadline and the caller's signal so neither
 * waits on a slow answer. Whatever wins, the poll's request and its deadline
 * timer are cancelled.
 */
async function pollOnce(
  getResults: GetResults,
  batchRequestId: string,
  remainingMs: number,
  timers: Timers,
  signal?: AbortSignal,
): Promise<PollOutcome> {
  const pollController = new AbortController();
  const pollSignal = signal ? AbortSignal.any([signal, pollController.signal]) : pollController.signal;
  let stopListening = () => {};
  const contenders: Promise<PollOutcome>[] = [
    Promise.resolve()
      .then(() => getResults(batchRequestId, { signal: pollSignal }))
      .then(
        (results) => ({ results }),
        (error: unknown) => ({ error }),
      ),
    timers.sleep(remainingMs, pollController.signal).then(
      () => ({ deadline: true }),
      () => new Promise<never>(() => {}), // cancelled because the poll finished first
    ),
  ];
  if (signal) {
    contenders.push(
      new Promise<never>((_, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        stopListening = () => signal.removeEventListener("abort", onAbort);
      }),
    );
  }
  try {
    return await Promise.race(contenders);
  } finally {
    stopListening();
    pollController.abort();
  }
}

/**
 * Polls a batch until its status is `completed` or `failed` and resolves with
 * those final results. `pending`, `processing`, `retry` and statuses the spec
 * does not list keep it polling (they show in `onProgress`).
 *
 * Rejects with:
 * - `ValidationError` at once for a malformed id or options (nothing sent);
 * - `BatchTimeoutError` (with the last results seen) once `timeoutMs` has
 *   passed; the batch itself goes on;
 * - the signal's reason, at once, when `signal` aborts (no timer is left);
 * - a 401, 400 or other non-passing error from a poll, at once;
 * - a `NotFoundError` once the batch stayed invisible past `notFoundGraceMs`;
 * - the last passing error when errors persist past `maxConsecutiveErrors` or
 *   `maxErrorDurationMs`.
 *
 * @example
 * const results = await waitForResults((id, o) => client.getProductStatusResults(id, o), batchRequestId, {
 *   timeoutMs: 30 * 60_000,
 *   onProgress: (p) => console.error(`${p.status ?? "waiting"} after ${p.elapsedMs} ms, next poll in ${p.nextPollInMs} ms`),
 * });
 */
export async function waitForResults(
  getResults: GetResults,
  batchRequestId: string,
  options: WaitForResultsOptions = {},
): Promise<ProductStatusResults> {
  validateBatchRequestId(batchRequestId);
  checkWaitOptions(options);
  const { signal, onProgress, timers = realTimers, random = Math.random } = options;
  const timeoutMs = options.timeoutMs ?? WAIT_DEFAULTS.timeoutMs;
  const notFoundGraceMs = options.notFoundGraceMs ?? WAIT_DEFAULTS.notFoundGraceMs;
  const maxConsecutiveErrors = options.maxConsecutiveErrors ?? WAIT_DEFAULTS.maxConsecutiveErrors;
  const maxErrorDurationMs = options.maxErrorDurationMs ?? WAIT_DEFAULTS.maxErrorDurationMs;
  const schedule = createPollSchedule(options);
  signal?.throwIfAborted();

  const startedAt = timers.now();
  const deadline = startedAt + timeoutMs;
  let lastResults: ProductStatusResults | undefined;
  let attempt = 0;
  let errorsInARow = 0;
  let failingSince = 0;
  let nextPollAt = startedAt + schedule.firstDelayMs;
  const timedOut = () =>
    new BatchTimeoutError({
      batchRequestId,
      lastResults,
      elapsedMs: timers.now() - startedAt,
      operation: RESULTS_OPERATION,
    });

  for (;;) {
    const sleepMs = Math.min(nextPollAt, deadline) - timers.now();
    if (sleepMs > 0) await timers.sleep(sleepMs, signal);
    const pollStartedAt = timers.now();
    if (pollStartedAt >= deadline) throw timedOut();
    attempt += 1;
    const outcome = await pollOnce(getResults, batchRequestId, deadline - pollStartedAt, timers, signal);
    signal?.throwIfAborted();
    if ("deadline" in outcome) throw timedOut();

    const now = timers.now();
    // Measured from this poll's start, so a slow answer does not delay the next poll.
    nextPollAt = pollStartedAt + schedule.delayAfter(pollStartedAt - startedAt, random);
    const progress = (nextPollInMs: number | undefined, error?: unknown): WaitProgress => ({
      status: lastResults?.status,
      attempt,
      elapsedMs: now - startedAt,
      nextPollInMs,
      results: lastResults,
      ...(error === undefined ? {} : { error }),
    });

    if ("results" in outcome) {
      lastResults = outcome.results;
      errorsInARow = 0;
      if (isTerminalStatus(lastResults.status)) {
        onProgress?.(progress(undefined));
        return lastResults;
      }
      onProgress?.(progress(Math.max(0, Math.min(nextPollAt, deadline) - now)));
      continue;
    }

    const { error } = outcome;
    const notVisibleYet =
      error instanceof NotFoundError && lastResults === undefined && pollStartedAt - startedAt < notFoundGraceMs;
    if (!notVisibleYet) {
      if (!isTransientPollError(error)) throw error;
      if (errorsInARow === 0) failingSince = pollStartedAt;
      errorsInARow += 1;
      if (errorsInARow > maxConsecutiveErrors || now - failingSince > maxErrorDurationMs) throw error;
      // Back off while errors persist (a 429 or an outage will not clear in a second), up to the cap.
      const backoffMs = Math.min(schedule.maxDelayMs, schedule.minDelayMs * 2 ** (errorsInARow - 1));
      nextPollAt = Math.max(nextPollAt, now + backoffMs);
    }
    onProgress?.(progress(Math.max(0, Math.min(nextPollAt, deadline) - now), error));
  }
}
