import { describe, expect, inject, it } from "vitest";
import {
  BadRequestError,
  createSellersCenterClient,
  NotFoundError,
  requestStatusValues,
  SellersCenterError,
  UnauthorizedError,
} from "../src/index.ts";
import { SAMPLE_ID } from "./support/recording-fetch.ts";

const baseUrl = inject("prismUrl");

/** A client whose every request asks Prism for a given documented status. */
function clientPreferring(code?: number) {
  return createSellersCenterClient({
    apiKey: "test-key",
    baseUrl,
    fetch: (request) => {
      if (code) request.headers.set("Prefer", `code=${code}`);
      return fetch(request);
    },
  });
}

describe("against prism mock (static)", () => {
  it("submits a status change and returns the batch id", async () => {
    const { batchRequestId } = await clientPreferring().updateProductStatus([
      { style_key: "STYLE-1", status: "published" },
      { style_key: "STYLE-2", status: "inactive" },
    ]);
    expect(typeof batchRequestId).toBe("string");
  });

  it("reads a batch's results", async () => {
    const results = await clientPreferring().getProductStatusResults(SAMPLE_ID);
    expect(requestStatusValues).toContain(results.status);
    expect(Array.isArray(results.items)).toBe(true);
  });

  it.each([
    [400, BadRequestError],
    [401, UnauthorizedError],
    [404, NotFoundError],
  ] as const)("maps a documented %i to %o with status, operation and server message", async (code, ErrorClass) => {
    const error = await clientPreferring(code)
      .getProductStatusResults(SAMPLE_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(SellersCenterError);
    const typed = error as SellersCenterError;
    expect(typed.status).toBe(code);
    expect(typed.operation).toBe("GET /api/v1/results/status");
    expect(typed.serverMessage).toBe("string"); // Prism's example for BadRequestSchema.message
    expect(typed.message).toContain(String(code));
  });

  it("maps 400 and 401 of the PUT too", async () => {
    const items = [{ style_key: "S", status: "draft" }] as const;
    await expect(clientPreferring(400).updateProductStatus(items)).rejects.toBeInstanceOf(BadRequestError);
    await expect(clientPreferring(401).updateProductStatus(items)).rejects.toMatchObject({
      name: "UnauthorizedError",
      operation: "PUT /api/v1/products/status",
      status: 401,
    });
  });

  it("sends the key as X-API-Key: prism answers 401 when the api escape hatch removes it", async () => {
    const client = createSellersCenterClient({
      apiKey: "test-key",
      baseUrl,
      fetch: (request) => {
        request.headers.delete("X-API-Key");
        return fetch(request);
      },
    });
    await expect(client.getProductStatusResults(SAMPLE_ID)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("exposes every spec operation through client.api, authenticated, with errors as values", async () => {
    const client = clientPreferring();
    const ok = await client.api.GET("/api/v1/results/status", { params: { query: { batch_request_id: SAMPLE_ID } } });
    expect(ok.response.status).toBe(200);
    expect(ok.data?.batchRequestId).toBeTypeOf("string");

    const bad = await clientPreferring(404).api.GET("/api/v1/results/status", {
      params: { query: { batch_request_id: SAMPLE_ID } },
    });
    expect(bad.response.status).toBe(404);
    expect(bad.error).toEqual({ message: "string" });
  });
});
