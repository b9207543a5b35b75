/**
 * Compile-time guarantees: vitest's typecheck mode runs tsc on this file, and
 * an `@ts-expect-error` that is not needed any more fails the run.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  createSellersCenterClient,
  type OperationKey,
  type ProductStatusResults,
  type RequestStatus,
  type SellersCenterClient,
} from "../src/index.ts";

declare const client: SellersCenterClient;

describe("types generated from the spec", () => {
  it("refuses a wrong path, parameter or status", () => {
    // @ts-expect-error: no such path in the spec
    void client.api.GET("/api/v1/results/statuses", { params: { query: { batch_request_id: "x" } } });
    // @ts-expect-error: wrong query parameter name
    void client.api.GET("/api/v1/results/status", { params: { query: { batchRequestId: "x" } } });
    // @ts-expect-error: the required query parameter is missing
    void client.api.GET("/api/v1/results/status", { params: { query: {} } });
    // @ts-expect-error: GET is not an operation of this path
    void client.api.GET("/api/v1/products/status");
    // @ts-expect-error: "deleted" is not a settable status
    void client.updateProductStatus([{ style_key: "S", status: "deleted" }]);
    // @ts-expect-error: style_key is required
    void client.updateProductStatus([{ status: "draft" }]);
    // @ts-expect-error: the batch id is a string
    void client.getProductStatusResults(42);
    // @ts-expect-error: apiKey is a string
    createSellersCenterClient({ apiKey: 1 });
  });

  it("gives callers the spec's shapes", () => {
    expectTypeOf(client.getProductStatusResults).returns.resolves.toEqualTypeOf<ProductStatusResults>();
    expectTypeOf<RequestStatus>().toEqualTypeOf<"pending" | "processing" | "completed" | "retry" | "failed">();
    expectTypeOf<OperationKey>().toEqualTypeOf<"GET /api/v1/results/status" | "PUT /api/v1/products/status">();
    expectTypeOf(client.updateProductStatus).returns.resolves.toEqualTypeOf<{ batchRequestId: string }>();
  });
});
