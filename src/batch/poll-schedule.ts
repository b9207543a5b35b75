/**
 * When to poll a batch for its results.
 *
 * Completion is noticed by the first poll after it, so it is noticed at most
 * one delay plus one poll round trip late. The delay therefore grows with the
 * time already waited (a batch that has run 10 minutes will not mind hearing
 * 1 minute late, one that ran 10 s would) while keeping back an allowance for
 * the round trip, which includes any queueing in the client's rate limiter:
 *
 *     delay = clamp(factor x waited - roundTripAllowanceMs, minDelayMs, maxDelayMs)
 *
 * Delays are measured from the start of one poll to the start of the next, so
 * a slow answer does not push later polls back. With the defaults and round
 * trips up to 250 ms, a batch that finishes after T is noticed within
 * max(1 s, 10% of T) (750 + 250 ms on the floor; 0.1 T - 250 + 250 ms on the
 * slope) and within 55.25 s once at the 55 s cap, which leaves room for round
 * trips of up to 5 s there before the 60 s bound. An hour-long batch costs
 * about 115 polls: less than twice a fixed 60 s poll's 60
 * (bench/polling.ts measures all of this).
 */
import { ValidationError, type ValidationIssue } from "../errors.ts";
import { checkNumberOption } from "./option-checks.ts";

/**
 * How often a wait polls (part of {@link WaitForResultsOptions}); every field has a default.
 *
 * @example
 * const results = await client.waitForProductStatusResults(batchRequestId, { minDelayMs: 2_000, maxDelayMs: 30_000 });
 */
export type PollScheduleOptions = {
  /** Wait before the first poll. Default 750 ms. */
  firstDelayMs?: number;
  /** Shortest delay between two polls. Default 750 ms. */
  minDelayMs?: number;
  /** Longest delay between two polls. Default 55 000 ms. */
  maxDelayMs?: number;
  /** Between the floor and the cap, the delay is this fraction of the time waited so far (less the allowance). Default 0.1. */
  factor?: number;
  /** Taken off each proportional delay to leave room for the poll's own round trip (network and rate-limiter queue). Default 250 ms. */
  roundTripAllowanceMs?: number;
  /** Shortens each delay by a random fraction of up to this (0 to 1) so many waiters do not poll in step. Never lengthens a delay. Default 0. */
  jitter?: number;
};

/**
 * The poll schedule's defaults.
 *
 * @example
 * createPollSchedule({ maxDelayMs: DEFAULT_POLL_SCHEDULE.maxDelayMs / 2 })
 */
export const DEFAULT_POLL_SCHEDULE: Required<PollScheduleOptions> = {
  firstDelayMs: 750,
  minDelayMs: 750,
  maxDelayMs: 55_000,
  factor: 0.1,
  roundTripAllowanceMs: 250,
  jitter: 0,
};

/**
 * A poll schedule, made by {@link createPollSchedule}.
 *
 * @example
 * const schedule: PollSchedule = createPollSchedule({ jitter: 0.2 });
 * schedule.delayAfter(60_000) // between 4_600 and 5_750
 */
export type PollSchedule = {
  readonly firstDelayMs: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** The delay from the start of a poll made `waitedMs` after the wait began to the start of the next. */
  delayAfter(waitedMs: number, random?: () => number): number;
};

/** Appends an issue for each unusable schedule option (paths prefixed with `prefix`). */
export function checkPollScheduleOptions(options: PollScheduleOptions, issues: ValidationIssue[], prefix = ""): void {
  for (const key of ["firstDelayMs", "minDelayMs", "maxDelayMs", "roundTripAllowanceMs"] as const) {
    checkNumberOption(issues, `${prefix}${key}`, options[key]);
  }
  checkNumberOption(issues, `${prefix}factor`, options.factor);
  checkNumberOption(issues, `${prefix}jitter`, options.jitter, { max: 1 });
  const min = options.minDelayMs ?? DEFAULT_POLL_SCHEDULE.minDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_POLL_SCHEDULE.maxDelayMs;
  if (min > max) issues.push({ path: `${prefix}minDelayMs`, message: `must not exceed maxDelayMs (${min} > ${max})` });
}

/**
 * The schedule for the given options (defaults: {@link DEFAULT_POLL_SCHEDULE}).
 *
 * @example
 * const schedule = createPollSchedule();
 * schedule.delayAfter(5_000)   // 750: on the floor
 * schedule.delayAfter(60_000)  // 5_750: 10% of a minute, less the round-trip allowance
 * schedule.delayAfter(3_600_000) // 55_000: the cap
 */
export function createPollSchedule(options: PollScheduleOptions = {}): PollSchedule {
  const issues: ValidationIssue[] = [];
  checkPollScheduleOptions(options, issues);
  if (issues.length > 0) throw new ValidationError("the poll schedule", issues);
  const settings = { ...DEFAULT_POLL_SCHEDULE, ...definedOnly(options) };
  return {
    firstDelayMs: settings.firstDelayMs,
    minDelayMs: settings.minDelayMs,
    maxDelayMs: settings.maxDelayMs,
    delayAfter(waitedMs, random = Math.random) {
      const proportional = settings.factor * waitedMs - settings.roundTripAllowanceMs;
      const delay = Math.min(settings.maxDelayMs, Math.max(settings.minDelayMs, proportional));
      return Math.floor(delay * (1 - settings.jitter * random())); // rounded down: never later than the bound
    },
  };
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
