/**
 * Batch status helpers. The list of statuses is the generated enum
 * (`requestStatusValues`); the API may also send strings outside it, which
 * are never terminal: a wait keeps polling through them.
 */
import { requestStatusValues } from "../generated/schema.ts";
import type { RequestStatus } from "../types.ts";

/**
 * The statuses after which a batch changes no more. `retry` is not among
 * them: it means the platform will process the batch again.
 *
 * @example
 * TERMINAL_REQUEST_STATUSES // ["completed", "failed"]
 */
export const TERMINAL_REQUEST_STATUSES = ["completed", "failed"] as const satisfies readonly RequestStatus[];

/**
 * True when `status` is one of the statuses the spec enumerates.
 *
 * @example
 * isKnownRequestStatus("processing") // true
 * isKnownRequestStatus("queued")     // false: the API may send it, the spec does not list it
 */
export function isKnownRequestStatus(status: unknown): status is RequestStatus {
  return (requestStatusValues as readonly unknown[]).includes(status);
}

/**
 * True when a batch with this status is finished (`completed` or `failed`).
 * `pending`, `processing`, `retry` and any unknown string are not.
 *
 * @example
 * isTerminalStatus("failed") // true
 * isTerminalStatus("retry")  // false
 */
export function isTerminalStatus(status: unknown): status is (typeof TERMINAL_REQUEST_STATUSES)[number] {
  return (TERMINAL_REQUEST_STATUSES as readonly unknown[]).includes(status);
}
