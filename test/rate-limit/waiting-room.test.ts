import { describe, expect, it } from "vitest";
import { createSellersCenterClient } from "../../src/index.ts";
import { WaitingRoom } from "../../src/rate-limit/waiting-room.ts";
import { SAMPLE_ID } from "../support/recording-fetch.ts";

describe("the waiting room in front of the limiter", () => {
  it("lets calls in, in order, only while the limiter's queue has room", async () => {
    let queued = 0;
    const room = new WaitingRoom((admittedNotQueued) => queued + admittedNotQueued < 2);
    const order: number[] = [];
    const calls = [0, 1, 2, 3].map((n) =>
      room.enter(undefined).then((admission) => {
        order.push(n);
        admission.consume();
        queued++;
      }),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual([0, 1]);
    queued--; // a queued job started
    room.pump();
    queued--;
    room.pump();
    await Promise.all(calls);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("an abort frees every waiting call on that signal at once, and only those", async () => {
    const room = new WaitingRoom(() => false);
    const controller = new AbortController();
    const reason = new Error("stop");
    const aborted = [1, 2, 3].map(() => room.enter(controller.signal));
    const other = room.enter(new AbortController().signal);
    controller.abort(reason);
    for (const call of aborted) await expect(call).rejects.toBe(reason);
    let settled = false;
    other.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
  });

  it("a released (never queued) admission passes its place on", async () => {
    let open = true;
    const room = new WaitingRoom((admittedNotQueued) => open && admittedNotQueued < 1);
    const first = await room.enter(undefined);
    const second = room.enter(undefined);
    first.release();
    open = true;
    await expect(second).resolves.toHaveProperty("consume");
  });

  it("a client sends waiting typed calls in the order they were made", async () => {
    const sent: string[] = [];
    const client = createSellersCenterClient({
      apiKey: "waiting-room-order",
      baseUrl: "http://127.0.0.1:9",
      rateLimit: { windowMs: 30, limits: { "GET /api/v1/results/status": 1 } },
      fetch: async (request) => {
        sent.push(new URL(request.url).searchParams.get("batch_request_id") ?? "");
        return new Response(JSON.stringify({ batchRequestId: SAMPLE_ID, status: "completed", items: [] }));
      },
    });
    // More calls than the limiter's queue takes (8 at limit 1): most wait in the room.
    const ids = Array.from({ length: 12 }, (_, n) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`);
    await Promise.all(ids.map((id) => client.getProductStatusResults(id)));
    expect(sent).toEqual(ids);
    await client.close();
  });
});
