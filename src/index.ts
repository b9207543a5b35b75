/**
 * sellers-center-client: a typed client for the ABOUT YOU Sellers Center API.
 * This module only re-exports; each concern lives in its own file.
 */

export type { PollSchedule, PollScheduleOptions } from "./batch/poll-schedule.ts";
export { createPollSchedule, DEFAULT_POLL_SCHEDULE } from "./batch/poll-schedule.ts";
export type {
  BatchProgress,
  ProductStatusDeps,
  SetProductStatusOptions,
  SetProductStatusResult,
} from "./batch/set-status.ts";
export { DEFAULT_BATCH_SIZE, setProductStatus } from "./batch/set-status.ts";
export { SetProductStatusError } from "./batch/set-status-error.ts";
export { isKnownRequestStatus, isTerminalStatus, TERMINAL_REQUEST_STATUSES } from "./batch/status.ts";
export type { BatchFailure, BatchSummary, MergedBatchFailure, MergedBatchSummary } from "./batch/summary.ts";
export { failedItems, mergeSummaries, summarizeBatch } from "./batch/summary.ts";
export type { GetResults, WaitForResultsOptions, WaitProgress } from "./batch/wait.ts";
export { waitForResults } from "./batch/wait.ts";
export type { RequestOptions, SellersCenterClient, SellersCenterClientOptions } from "./client.ts";
export { createSellersCenterClient } from "./client.ts";
export type { RateLimitHeaders, SellersCenterErrorDetails, ValidationIssue } from "./errors.ts";
export {
  BadRequestError,
  BatchTimeoutError,
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
export type { ProductState, SettableProductStatus, StatusChange } from "./lifecycle.ts";
export {
  checkStatusChange,
  isApprovedState,
  isProductState,
  isSettableProductStatus,
  nextStateByItself,
  PRODUCT_STATES,
  SETTABLE_PRODUCT_STATUSES,
} from "./lifecycle.ts";
export type { RateLimitOptions, RedisClientLike, RetryOptions } from "./rate-limit/options.ts";
export type { RateLimitedEvent, RetryEvent } from "./retry.ts";
export { operations, requestStatusValues } from "./spec-values.ts";
export type { FetchLike } from "./transport.ts";
export type {
  components,
  OperationKey,
  ProductStatusItem,
  ProductStatusResultItem,
  ProductStatusResults,
  paths,
  RequestStatus,
  UpdateProductStatusResponse,
} from "./types.ts";
export { validateBatchRequestId, validateProductStatusItems } from "./validate.ts";
