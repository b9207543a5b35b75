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
