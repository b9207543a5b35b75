/**
 * sellers-center-client/sandbox: a local, stateful stand-in for the Sellers
 * Center API (batch lifecycle, per-key rate limits, seeded faults, stats)
 * for tests, benchmarks and demos. A separate entry point: the client never
 * imports it.
 */

export { SERVER_ERROR_FORMS, UNKNOWN_BATCH_STATUS } from "./faults.ts";
export type { BatchRoute, FaultKind, FaultOptions, SandboxOptions, UnknownStyleKeys } from "./options.ts";
export {
  DEFAULT_CATALOGUE,
  defaultBatchRoute,
  FAIL_BATCH_PREFIX,
  FAULT_KINDS,
  REJECT_AT_APPROVAL_PREFIX,
  RETRY_BATCH_PREFIX,
  UNKNOWN_STYLE_KEY_PREFIX,
} from "./options.ts";
export type { Sandbox } from "./server.ts";
export { startSandbox } from "./server.ts";
export type { OperationStats, SandboxStats } from "./stats.ts";
