import { describe, expect, it } from "vitest";
import { FAIL_BATCH_PREFIX, RETRY_BATCH_PREFIX } from "../../src/sandbox/index.ts";
import { getBatch, manualClock, putItems, RFC4122_V4, sandbox, submit } from "./helpers.ts";

const schedule = { pendingMs: 100, processingMs: 200, retryMs: 300 };

describe("batch lifecycle", () => {
  it("moves pending -> processing -> completed on the schedule; items stay [] until terminal", async () => {
    const clock = manualClock();
    const sb = await sandbox({ now: clock.now, batches: schedule });
    const id = await submit(sb.url, [{ style_key: "NEW-1", status: "published" }]);
    expect(id).toMatch(RFC4122_V4);
    const seen: [number, string, number][] = [];
    for (const at of [0, 99, 100, 299, 300, 5_000]) {
      clock.set(1_700_000_000_000 + at);
      const body = (await getBatch(sb.url, id)).json();
      seen.push([at, body.status, body.items.length]);
    }
    expect(seen).toEqual([
      [0, "pending", 0],
      [99, "pending", 0],
      [100, "processing", 0],
      [299, "processing", 0],
      [300, "completed", 1],
      [5_000, "completed", 1],
    ]);
  });

  it("follows the real clock with a small schedule", async () => {
    const sb = await sandbox({ batches: { pendingMs: 200, processingMs: 100 } });
    const id = await submit(sb.url, [{ style_key: "NEW-1", status: "published" }]);
    const seen: string[] = [];
    for (let i = 0; i < 200 && seen.at(-1) !== "completed"; i++) {
      const status = (await getBatch(sb.url, id)).json().status as string;
      if (seen.at(-1) !== status) seen.push(status);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // A busy machine may skip past "processing" between two polls; the order never changes.
    expect(seen[0]).toBe("pending");
    expect(seen.at(-1)).toBe("completed");
    expect(["pending,processing,completed", "pending,completed"]).toContain(seen.join(","));
  });

  it(`passes through retry (style key prefix ${RETRY_BATCH_PREFIX}) before completing`, async () => {
    const clock = manualClock();
    const sb = await sandbox({ now: clock.now, batches: schedule });
    const id = await submit(sb.url, [{ style_key: `${RETRY_BATCH_PREFIX}1`, status: "published" }]);
    const statuses: string[] = [];
    for (const at of [0, 100, 300, 600, 799, 800]) {
      clock.set(1_700_000_000_000 + at);
      statuses.push((await getBatch(sb.url, id)).json().status);
    }
    expect(statuses).toEqual(["pending", "processing", "retry", "processing", "processing", "completed"]);
  });

  it(`fails a batch (style key prefix ${FAIL_BATCH_PREFIX}) with an error on every item and no catalogue change`, async () => {
    const clock = manualClock();
    const sb = await sandbox({ now: clock.now, batches: schedule });
    const id = await submit(sb.url, [
      { style_key: `${FAIL_BATCH_PREFIX}1`, status: "published" },
      { style_key: "ACTIVE-1", status: "inactive" },
    ]);
    clock.advance(300);
    const body = (await getBatch(sb.url, id)).json();
    expect(body.status).toBe("failed");
    expect(body.items).toHaveLength(2);
    for (const item of body.items) {
      expect(item.success).toBe(false);
      expect(item.errors[0]).toMatch(/failed to process.*submit the items again/);
    }
    // ACTIVE-1 is still active: draft is refused, as for any approved product.
    const check = await submit(sb.url, [{ style_key: "ACTIVE-1", status: "draft" }]);
    clock.advance(300);
    expect((await getBatch(sb.url, check)).json().items[0].errors[0]).toContain("the product is active");
  });

  it("takes the route from options (a fixed route or a function of the items)", async () => {
    const clock = manualClock();
    const failing = await sandbox({ now: clock.now, batches: { ...schedule, route: "failed" } });
    const id = await submit(failing.url, [{ style_key: "NEW-1", status: "published" }]);
    clock.advance(300);
    expect((await getBatch(failing.url, id)).json().status).toBe("failed");

    const byItems = await sandbox({
      now: clock.now,
      batches: { ...schedule, route: (items) => (items.length > 1 ? "retry" : "completed") },
    });
    const two = await submit(byItems.url, [
      { style_key: "A", status: "draft" },
      { style_key: "B", status: "draft" },
    ]);
    clock.advance(300);
    expect((await getBatch(byItems.url, two)).json().status).toBe("retry");
  });
});

describe("item outcomes", () => {
  it("echoes every request item, in order, with success and errors", async () => {
    const clock = manualClock();
    const sb = await sandbox({ now: clock.now, batches: schedule });
    const items = [
      { style_key: "ACTIVE-1", status: "draft" },
      { style_key: "NEW-1", status: "published" },
      { style_key: "UNKNOWN-42", status: "published" },
      { style_key: "ACTIVE-2", status: "inactive" },
      { style_key: "DRAFT-1", status: "inactive" },
      { style_key: "PROBLEM-1", status: "published" },
    ];
    const id = await submit(sb.url, items);
    clock.advance(300);
    const body = (await getBatch(sb.url, id)).json();
    expect(body.items.map((item: { requestItem: unknown }) => item.requestItem)).toEqual(items);
    expect(body.items.map((item: { success: boolean; errors: string[] }) => [item.success, item.errors])).toEqual([
      [
        false,
        [
          'Cannot set style_key "ACTIVE-1" to "draft": draft is only possible before approval; the product is active; use "inactive" to hide it.',
        ],
      ],
      [true, []],
      [false, ['Product with style_key "UNKNOWN-42" not found']],
      [true, []],
      [
        false,
        [
          'Cannot set style_key "DRAFT-1" to "inactive": inactive is only possible after approval; the product is draft; keep it in "draft", or use "published" to submit it.',
        ],
      ],
      [
        false,
        [
          'Cannot set style_key "PROBLEM-1" to "published": the product has a problem that must be fixed first; fix the reported problem: the product returns to active by itself.',
        ],
      ],
    ]);
  });

  it("updates the catalogue when a batch completes, and approval moves products on by itself", async () => {
    const clock = manualClock();
    const sb = await sandbox({ now: clock.now, batches: { ...schedule, approvalMs: 1_000 } });
    const outcome = async (status: string) => {
      const id = await submit(sb.url, [{ style_key: "NEW-7", status }]);
      clock.advance(300);
      return (await getBatch(sb.url, id)).json().items[0];
    };
    expect((await outcome("published")).success).toBe(true); // draft -> pending_approval
    expect((await outcome("draft")).success).toBe(true); // withdrawn before approval
    expect((await outcome("published")).success).toBe(true); // pending_approval again
    clock.advance(2_000); // -> pending_active -> active
    const refused = await outcome("draft");
    expect(refused.success).toBe(false);
    expect(refused.errors[0]).toContain("the product is active");
    expect((await outcome("inactive")).success).toBe(true);
    expect((await outcome("published")).success).toBe(true); // inactive -> active, no second approval
    expect((await outcome("draft")).errors[0]).toContain("the product is active");
  });

  it("products starting with REJECT- are rejected at approval and can be re-published", async () => {
    const clock = manualClock();
    const sb = await sandbox({ now: clock.now, batches: { ...schedule, approvalMs: 1_000 } });
    const first = await submit(sb.url, [{ style_key: "REJECT-1", status: "published" }]);
    clock.advance(300);
    expect((await getBatch(sb.url, first)).json().items[0].success).toBe(true);
    clock.advance(1_000);
    const inactive = await submit(sb.url, [{ style_key: "REJECT-1", status: "inactive" }]);
    clock.advance(300);
    expect((await getBatch(sb.url, inactive)).json().items[0].errors[0]).toContain("the product is rejected");
  });

  it("with unknownStyleKeys: not-found, only catalogue products exist", async () => {
    const clock = manualClock();
    const sb = await sandbox({
      now: clock.now,
      batches: { ...schedule, unknownStyleKeys: "not-found", catalogue: { "MINE-1": "inactive" } },
    });
    const id = await submit(sb.url, [
      { style_key: "MINE-1", status: "published" },
      { style_key: "ACTIVE-1", status: "inactive" },
    ]);
    clock.advance(300);
    const body = (await getBatch(sb.url, id)).json();
    expect(body.items.map((item: { success: boolean }) => item.success)).toEqual([true, false]);
    expect(body.items[1].errors).toEqual(['Product with style_key "ACTIVE-1" not found']);
  });

  it("keeps a catalogue per key: one key's changes do not touch another's", async () => {
    const clock = manualClock();
    const sb = await sandbox({ now: clock.now, apiKeys: ["key-a", "key-b"], batches: schedule });
    const a = await submit(sb.url, [{ style_key: "ACTIVE-1", status: "inactive" }], "key-a");
    clock.advance(300);
    expect((await getBatch(sb.url, a, "key-a")).json().items[0].success).toBe(true);
    const b = await submit(sb.url, [{ style_key: "ACTIVE-1", status: "published" }], "key-b");
    const a2 = await submit(sb.url, [{ style_key: "ACTIVE-1", status: "published" }], "key-a");
    clock.advance(300);
    expect((await getBatch(sb.url, b, "key-b")).json().items[0].success).toBe(true);
    expect((await getBatch(sb.url, a2, "key-a")).json().items[0].success).toBe(true);
  });
});

describe("deduplication", () => {
  const items = [
    { style_key: "NEW-1", status: "published" },
    { style_key: "NEW-2", status: "draft" },
  ];

  it("returns the in-flight id for an identical payload from the same key, and counts it", async () => {
    const clock = manualClock();
    const sb = await sandbox({
      now: clock.now,
      apiKeys: ["key-a", "key-b"],
      batches: { ...schedule, dedupWindowMs: 1_000 },
    });
    const first = await submit(sb.url, items, "key-a");
    clock.advance(150);
    expect(await submit(sb.url, items, "key-a")).toBe(first);
    expect(await submit(sb.url, items, "key-b")).not.toBe(first); // another key
    expect(await submit(sb.url, [...items].reverse(), "key-a")).not.toBe(first); // another order
    expect(sb.stats()).toMatchObject({ batchesCreated: 3, deduplicated: 1 });
  });

  it("creates a new batch once the first is terminal", async () => {
    const clock = manualClock();
    const sb = await sandbox({ now: clock.now, batches: { ...schedule, dedupWindowMs: 60_000 } });
    const first = await submit(sb.url, items);
    clock.advance(300);
    expect(await submit(sb.url, items)).not.toBe(first);
  });

  it("creates a new batch once the dedup window has passed, even while the first is in flight", async () => {
    const clock = manualClock();
    const sb = await sandbox({
      now: clock.now,
      batches: { pendingMs: 10_000, processingMs: 10_000, dedupWindowMs: 500 },
    });
    const first = await submit(sb.url, items);
    clock.advance(499);
    expect(await submit(sb.url, items)).toBe(first);
    clock.advance(1);
    expect(await submit(sb.url, items)).not.toBe(first);
  });

  it("is off with dedupWindowMs: 0", async () => {
    const sb = await sandbox({ batches: { dedupWindowMs: 0 } });
    expect(await submit(sb.url, items)).not.toBe(await submit(sb.url, items));
  });
});

describe("GET results", () => {
  it("answers 404 for an unknown id and for another key's batch", async () => {
    const sb = await sandbox({ apiKeys: ["key-a", "key-b"] });
    const id = await submit(sb.url, [{ style_key: "NEW-1", status: "published" }], "key-a");
    expect((await getBatch(sb.url, id, "key-a")).status).toBe(200);
    for (const answer of [
      await getBatch(sb.url, id, "key-b"),
      await getBatch(sb.url, "3fa85f64-5717-4562-b3fc-2c963f66afa6", "key-a"),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.json().message).toMatch(/not found for this API key/);
    }
  });

  it("answers 400 for a missing or malformed batch_request_id", async () => {
    const sb = await sandbox();
    const missing = await getBatch(sb.url, undefined);
    expect(missing.status).toBe(400);
    expect(missing.json().message).toMatch(/^batch_request_id is required/);
    const malformed = await getBatch(sb.url, "not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(malformed.json().message).toMatch(/^batch_request_id must be a UUID/);
  });

  it("PUT answers 400 naming the problem", async () => {
    const sb = await sandbox();
    const cases: [unknown, RegExp][] = [
      [[], /^items must have at least 1 item \(got 0\)$/],
      [
        [
          { style_key: "A", status: "published" },
          { style_key: "B", status: "published" },
          { style_key: "x".repeat(121), status: "draft" },
        ],
        /^items\[2\]\.style_key must be at most 120 characters/,
      ],
      [[{ style_key: "A" }], /^items\[0\]\.status is required$/],
      [[{ style_key: 5, status: "draft" }], /^items\[0\]\.style_key must be a string/],
      [
        [{ style_key: "A", status: "active" }],
        /^items\[0\]\.status must be one of published, inactive, draft \(got "active"\)$/,
      ],
      ["not json", /^The request body is not valid JSON/],
      ["", /^The request body is empty/],
      ["{}", /^items is required$/],
    ];
    for (const [items, message] of cases) {
      const answer = await putItems(sb.url, items);
      expect(answer.status, String(items)).toBe(400);
      expect(answer.json().message).toMatch(message);
    }
    expect(sb.stats().batchesCreated).toBe(0);
  });
});
