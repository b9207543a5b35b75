/**
 * sellers-center-client: a typed client for the ABOUT YOU Sellers Center API.
 * This module only re-exports; each concern lives in its own file.
 */
export { createSellersCenterClient } from "./client.ts";
export type { RequestOptions, SellersCenterClient, SellersCenterClientOptions } from "./client.ts";
export {
  BadRequestError,
  ConfigurationError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  SellersCenterError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from "./errors.ts";
export type { RateLimitHeaders, ValidationIssue } from "./errors.ts";
export { SETTABLE_PRODUCT_STATUSES, isSettableProductStatus } from "./lifecycle.ts";
export type { SettableProductStatus } from "./lifecycle.ts";
export { requestStatusValues } from "./generated/schema.ts";
export { operations } from "./generated/operations.ts";
export type {
  OperationKey,
  ProductStatusItem,
  ProductStatusResultItem,
  ProductStatusResults,
  RequestStatus,
  UpdateProductStatusResponse,
  components,
  paths,
} from "./types.ts";
export { PRODUCT_STATES, checkStatusChange, isApprovedState, isProductState, nextStateByItself } from "./lifecycle.ts";
export type { ProductState, StatusChange } from "./lifecycle.ts";
export { BatchTimeoutError } from "./errors.ts";
export { TERMINAL_REQUEST_STATUSES, isKnownRequestStatus, isTerminalStatus } from "./batch/status.ts";
export { failedItems, mergeSummaries, summarizeBatch } from "./batch/summary.ts";
export type { BatchFailure, BatchSummary, MergedBatchFailure, MergedBatchSummary } from "./batch/summary.ts";
export { waitForResults } from "./batch/wait.ts";
export type { GetResults, WaitForResultsOptions, WaitProgress } from "./batch/wait.ts";
export { DEFAULT_POLL_SCHEDULE, createPollSchedule } from "./batch/poll-schedule.ts";
export type { PollSchedule, PollScheduleOptions } from "./batch/poll-schedule.ts";
export { DEFAULT_BATCH_SIZE, setProductStatus } from "./batch/set-status.ts";
export type { BatchProgress, ProductStatusDeps, SetProductStatusOptions, SetProductStatusResult } from "./batch/set-status.ts";
export { SetProductStatusError } from "./batch/set-status-error.ts";
