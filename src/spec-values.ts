/**
 * The spec's generated values under their public names, each documented with
 * an example (src/generated/ stays as the generator writes it).
 */
import { operations as generatedOperations } from "./generated/operations.ts";
import { requestStatusValues as generatedRequestStatusValues } from "./generated/schema.ts";
import type { RequestStatus } from "./types.ts";

/**
 * Every operation in the spec, keyed `"METHOD /path"`, with its method, path,
 * operationId, summary and the rate limit its description states.
 *
 * @example
 * operations["PUT /api/v1/products/status"].rateLimit // { limit: 100, windowMs: 60000, source: "spec" }
 */
export const operations = generatedOperations;

/**
 * The batch statuses the spec enumerates, in the spec's order. The API may
 * also send other strings (see `isKnownRequestStatus`).
 *
 * @example
 * requestStatusValues.includes("retry") // true
 */
export const requestStatusValues: readonly RequestStatus[] = generatedRequestStatusValues;
