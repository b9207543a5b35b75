import { describe, expect, it } from "vitest";
import { openapiDocument } from "../src/generated/openapi.ts";
import { createSellersCenterClient, ValidationError } from "../src/index.ts";
import { recordingFetch, SAMPLE_ID } from "./support/recording-fetch.ts";

function setup() {
  const fetch = recordingFetch();
  const client = createSellersCenterClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9", fetch });
  return { fetch, client };
}

async function validationError(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

const maxStyleKey = openapiDocument.components.schemas.UpdateProductStatusItemSchema.properties.style_key.maxLength;

describe("input is refused before anything is sent", () => {
  it.each([
    ["no items", [], "items", undefined],
    ["a non-array", "STYLE-1", "items", undefined],
    ["a missing style_key", [{ status: "draft" }], "items[0].style_key", "style_key"],
    ["a non-string style_key", [{ style_key: 42, status: "draft" }], "items[0].style_key", "style_key"],
    ["an empty style_key", [{ style_key: "", status: "draft" }], "items[0].style_key", "style_key"],
    ["a blank style_key", [{ style_key: "   ", status: "draft" }], "items[0].style_key", "style_key"],
    [
      "a too long style_key",
      [{ style_key: "x".repeat(maxStyleKey + 1), status: "draft" }],
      "items[0].style_key",
      "style_key",
    ],
    ["a missing status", [{ style_key: "S" }], "items[0].status", "status"],
    ["an unknown status", [{ style_key: "S", status: "deleted" }], "items[0].status", "status"],
    ["a stored state that cannot be set", [{ style_key: "S", status: "active" }], "items[0].status", "status"],
    ["a non-object item", [null], "items[0]", undefined],
  ])("%s", async (_, items, path, field) => {
    const { client, fetch } = setup();
    const error = await validationError(client.updateProductStatus(items as never));
    expect(error.issues[0]?.path).toBe(path);
    if (field) expect(error.issues[0]?.field).toBe(field);
    expect(error.message).toContain(path);
    expect(error.message).toContain("Nothing was sent");
    expect(fetch.calls).toHaveLength(0);
  });

  it("names the offending item's index among valid ones", async () => {
    const { client } = setup();
    const items = [
      { style_key: "OK-1", status: "published" },
      { style_key: "OK-2", status: "inactive" },
      { style_key: "BAD", status: "gone" },
    ];
    const error = await validationError(client.updateProductStatus(items as never));
    expect(error.issues).toEqual([expect.objectContaining({ index: 2, field: "status", path: "items[2].status" })]);
  });

  it("accepts a style key of exactly the spec's maximum length", async () => {
    const { client, fetch } = setup();
    await client.updateProductStatus([{ style_key: "x".repeat(maxStyleKey), status: "draft" }]).catch(() => {});
    expect(fetch.calls).toHaveLength(1);
  });

  it("sends only the spec's fields", async () => {
    const { client, fetch } = setup();
    await client.updateProductStatus([{ style_key: "S", status: "draft", extra: "dropped" } as never]).catch(() => {});
    expect(JSON.parse(fetch.calls[0]?.body ?? "")).toEqual({ items: [{ style_key: "S", status: "draft" }] });
  });

  it.each([["not-a-uuid"], [""], [undefined], [42], [`${SAMPLE_ID}x`]])("refuses batch id %o", async (id) => {
    const { client, fetch } = setup();
    const error = await validationError(client.getProductStatusResults(id as never));
    expect(error.issues[0]?.path).toBe("batchRequestId");
    expect(error.operation).toBe("GET /api/v1/results/status");
    expect(fetch.calls).toHaveLength(0);
  });
});
