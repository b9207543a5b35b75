/**
 * Exit codes of `sellers-center`, and which error ends in which. Documented
 * in `--help` (help.ts prints this table).
 */
import { BatchTimeoutError, ConfigurationError, SetProductStatusError, ValidationError } from "../index.ts";
import { InterruptedError } from "./io.ts";
import { UsageError } from "./usage-error.ts";

export const EXIT = {
  /** Every item succeeded (or, without --wait, everything was submitted / the batch has no failures yet). */
  ok: 0,
  /** The batch finished and some items failed (or the whole batch failed). */
  itemsFailed: 1,
  /** Bad arguments, bad input, or no usable API key: nothing was sent. */
  usage: 2,
  /** The API refused or could not be reached (auth, 4xx, 5xx, network, rate limit). */
  api: 3,
  /** The wait reached --timeout before the batch finished. */
  timedOut: 4,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM, as shells report it (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP = `Exit codes:
  0    all items succeeded (without --wait: submitted, or no failures reported yet)
  1    the batch finished and some items failed (or the batch itself failed)
  2    usage or validation error, or no usable API key: nothing was sent
  3    API or auth error (401, 404, 429, 5xx, network)
  4    timed out waiting (--timeout); the batch goes on: check it later
  130  interrupted (Ctrl-C); submitted batches go on`;

/** The exit code an error ends the command with. SetProductStatusError counts as its cause. */
export function exitCodeFor(error: unknown): ExitCode {
  const cause = error instanceof SetProductStatusError ? error.cause : error;
  if (cause instanceof InterruptedError) return EXIT.interrupted;
  if (cause instanceof UsageError || cause instanceof ValidationError || cause instanceof ConfigurationError)
    return EXIT.usage;
  if (cause instanceof BatchTimeoutError) return EXIT.timedOut;
  return EXIT.api;
}
