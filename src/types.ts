/**
 * Public type names: aliases of the generated types, never restated shapes.
 */
import type { components } from "./generated/schema.ts";
import type { SettableProductStatus } from "./lifecycle.ts";

type Schemas = components["schemas"];

/** One product-status change: a style key and the status to set (narrowed from the spec's `string`). */
export type ProductStatusItem = Omit<Schemas["UpdateProductStatusItemSchema"], "status"> & {
  status: SettableProductStatus;
};
/** The answer to `PUT /api/v1/products/status`: `{ batchRequestId }`. */
export type UpdateProductStatusResponse = Schemas["UpdateProductStatusResponseSchema"];
/** The answer to `GET /api/v1/results/status`: the batch's status and per-item results. */
export type ProductStatusResults = Schemas["UpdateProductStatusBatchResultsResponseSchema"];
/** One item of {@link ProductStatusResults}: the request item, `success` and `errors`. */
export type ProductStatusResultItem = Schemas["UpdateProductStatusResultItemSchema"];
/** The batch statuses the spec enumerates. The API may also send other strings. */
export type RequestStatus = Schemas["RequestStatus"];

export type { OperationKey } from "./generated/operations.ts";
export type { components, paths } from "./generated/schema.ts";
