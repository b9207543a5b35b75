/**
 * Public type names: aliases of the generated types, never restated shapes.
 */
import type { components as GeneratedComponents, paths as GeneratedPaths } from "./generated/schema.ts";
import type { SettableProductStatus } from "./lifecycle.ts";
import type { operations } from "./spec-values.ts";

/**
 * One product-status change: a style key and the status to set (narrowed from the spec's `string`).
 *
 * @example
 * const item: ProductStatusItem = { style_key: "ABC-123", status: "published" };
 */
export type ProductStatusItem = Omit<components["schemas"]["UpdateProductStatusItemSchema"], "status"> & {
  status: SettableProductStatus;
};
/**
 * The answer to `PUT /api/v1/products/status`: `{ batchRequestId }`.
 *
 * @example
 * const { batchRequestId }: UpdateProductStatusResponse = await client.updateProductStatus(items);
 */
export type UpdateProductStatusResponse = components["schemas"]["UpdateProductStatusResponseSchema"];
/**
 * The answer to `GET /api/v1/results/status`: the batch's status and per-item results.
 *
 * @example
 * const results: ProductStatusResults = await client.getProductStatusResults(batchRequestId);
 * console.log(results.status, results.items.length);
 */
export type ProductStatusResults = components["schemas"]["UpdateProductStatusBatchResultsResponseSchema"];
/**
 * One item of {@link ProductStatusResults}: the request item, `success` and `errors`.
 *
 * @example
 * const failed = results.items.filter((item: ProductStatusResultItem) => !item.success);
 * for (const { requestItem, errors } of failed) console.log(requestItem.style_key, errors.join("; "));
 */
export type ProductStatusResultItem = components["schemas"]["UpdateProductStatusResultItemSchema"];
/**
 * The batch statuses the spec enumerates. The API may also send other strings.
 *
 * @example
 * const status: RequestStatus = "processing";
 * if (isKnownRequestStatus(results.status)) console.log(results.status satisfies RequestStatus);
 */
export type RequestStatus = components["schemas"]["RequestStatus"];

/**
 * "METHOD /path" of an operation in the spec (a key of {@link operations}); grows by regeneration.
 *
 * @example
 * const key: OperationKey = "GET /api/v1/results/status";
 */
export type OperationKey = keyof typeof operations;

/**
 * The spec's paths, as openapi-typescript generated them: the type `client.api` (openapi-fetch) is built on.
 *
 * @example
 * type ResultsQuery = paths["/api/v1/results/status"]["get"]["parameters"]["query"]; // { batch_request_id: string }
 */
export interface paths extends GeneratedPaths {}

/**
 * The spec's components (its schemas), as openapi-typescript generated them.
 *
 * @example
 * type Item = components["schemas"]["UpdateProductStatusItemSchema"]; // { style_key: string; status: string }
 */
export interface components extends GeneratedComponents {}
