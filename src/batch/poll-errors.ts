/**
 * How a wait treats an error from one poll: a passing problem worth polling
 * through, or one that polling again cannot fix.
 */
import { NetworkError, RateLimitError, ServerError, TimeoutError } from "../errors.ts";

/**
 * 5xx and undocumented statuses (`ServerError`, including a malformed 2xx
 * body, `InvalidResponseError`), no response (`NetworkError`), a slow attempt
 * (`TimeoutError`) and 429 (`RateLimitError`): likely to pass, so the wait
 * keeps polling for a while. Anything else (401, 400, invalid input, a bug)
 * would fail the same way on every poll.
 */
export function isTransientPollError(error: unknown): boolean {
  return (
    error instanceof ServerError ||
    error instanceof NetworkError ||
    error instanceof TimeoutError ||
    error instanceof RateLimitError
  );
}
