/** The client's batch methods: polls and submissions go through the client's own methods (and so its transport). */
import { describe, expect, it } from "vitest";
import { BatchTimeoutError, createSellersCenterClient, summarizeBatch } from "../../src/index.ts";
import { recordingFetch } from "../support/recording-fetch.ts";
import { BATCH_ID } from "./fakes.ts";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const fast = { firstDelayMs: 1, minDelayMs: 1, maxDelayMs: 5 };

/** A fake API: PUT accepts a batch; GET answers `processing` twice, then `completed` with B failing. */
function fakeApi() {
  const sent = new Map<string, Array<{ style_key: string; status: string }>>();
  let gets = 0;
  return recordingFetch(async (request) => {
    const url = new URL(request.url);
    if (request.method === "PUT") {
      sent.set(
        BATCH_ID,
        (JSON.parse(await request.text()) as { items: Array<{ style_key: string; status: string }> }).items,
      );
      return json({ batchRequestId: BATCH_ID });
    }
    const id = url.searchParams.get("batch_request_id") ?? "";
    gets += 1;
    if (gets <= 2) return json({ batchRequestId: id, status: "processing", items: [] });
    const items = (sent.get(id) ?? []).map((requestItem) => ({
      requestItem,
      success: requestItem.style_key !== "B",
      errors: requestItem.style_key === "B" ? ["style not found"] : [],
    }));
    return json({ batchRequestId: id, status: "completed", items });
  });
}

describe("client batch methods", () => {
  it("waitForProductStatusResults polls GET /api/v1/results/status with the key until completed", async () => {
    const fetch = fakeApi();
    const client = createSellersCenterClient({ apiKey: "test-key-123", baseUrl: "http://127.0.0.1:9", fetch });
    const results = await client.waitForProductStatusResults(BATCH_ID, fast);
    expect(results.status).toBe("completed");
    expect(fetch.calls).toHaveLength(3);
    expect(fetch.calls.every((c) => c.method === "GET" && c.url.includes(`batch_request_id=${BATCH_ID}`))).toBe(true);
    expect(fetch.calls.every((c) => c.headers.get("X-API-Key") === "test-key-123")).toBe(true);
  });

  it("waitForProductStatusResults ends with BatchTimeoutError after timeoutMs", async () => {
    const fetch = recordingFetch(() => json({ batchRequestId: BATCH_ID, status: "pending", items: [] }));
    const client = createSellersCenterClient({ apiKey: "test-key-123", baseUrl: "http://127.0.0.1:9", fetch });
    const error = await client
      .waitForProductStatusResults(BATCH_ID, { ...fast, timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchTimeoutError);
    expect((error as BatchTimeoutError).lastResults?.status).toBe("pending");
    expect((error as BatchTimeoutError).message).not.toContain("test-key-123");
  });

  it("setProductStatus submits, waits and summarizes, also when destructured from the client", async () => {
    const fetch = fakeApi();
    const { setProductStatus } = createSellersCenterClient({
      apiKey: "test-key-123",
      baseUrl: "http://127.0.0.1:9",
      fetch,
    });
    const summary = await setProductStatus(
      [
        { style_key: "A", status: "published" },
        { style_key: "B", status: "inactive" },
      ],
      fast,
    );
    expect(summary).toMatchObject({ total: 2, succeeded: 1, failed: 1, submitted: 2, unreported: [] });
    expect(summary.failures).toEqual([
      { batchRequestId: BATCH_ID, styleKey: "B", requestedStatus: "inactive", errors: ["style not found"] },
    ]);
    expect(fetch.calls[0]?.method).toBe("PUT");
    expect(summarizeBatch({ batchRequestId: BATCH_ID, status: "completed", items: [] }).total).toBe(0);
  });
});
