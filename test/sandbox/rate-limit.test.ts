import { describe, expect, it } from "vitest";
import { operations } from "../../src/generated/operations.ts";
import { getBatch, manualClock, putItems, RESULTS, sandbox, send, UPDATE } from "./helpers.ts";

const ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const WINDOW = 1_000;
// Aligned to a fixed slot boundary, so fixed and sliding start from the same point.
const SLOT_START = 1_700_000_000_000;

async function burst(
  url: string,
  count: number,
  apiKey = "sandbox-key",
): Promise<{ statuses: number[]; remaining: (string | null)[] }> {
  const statuses: number[] = [];
  const remaining: (string | null)[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await getBatch(url, ID, apiKey);
    statuses.push(answer.status);
    remaining.push(answer.headers.get("x-ratelimit-remaining"));
  }
  return { statuses, remaining };
}

describe.each(["sliding", "fixed"] as const)("%s window", (mode) => {
  it("lets exactly `limit` requests pass in a window, answers the next 429, and counts Remaining down", async () => {
    const clock = manualClock(SLOT_START);
    const sb = await sandbox({ now: clock.now, rateLimit: { mode, windowMs: WINDOW, limits: { [RESULTS]: 3 } } });
    const { statuses, remaining } = await burst(sb.url, 5);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    expect(remaining).toEqual(["2", "1", "0", "0", "0"]);
    const refused = await getBatch(sb.url, ID);
    expect(refused.headers.get("x-ratelimit-limit")).toBe("3");
    expect(refused.headers.has("retry-after")).toBe(false);
    expect(refused.json().message).toBe(
      `Rate limit exceeded for ${RESULTS}: 3 requests per ${WINDOW} ms (${mode} window) per API key. Wait before sending more.`,
    );
    clock.advance(WINDOW);
    expect((await burst(sb.url, 4)).statuses).toEqual([404, 404, 404, 429]);
  });

  it("lets exactly `limit` through when requests arrive at once", async () => {
    const clock = manualClock(SLOT_START); // so that no fixed slot boundary can fall inside the burst
    const sb = await sandbox({ now: clock.now, rateLimit: { mode, windowMs: WINDOW, limits: { [RESULTS]: 4 } } });
    const statuses = await Promise.all(Array.from({ length: 12 }, () => getBatch(sb.url, ID).then((a) => a.status)));
    expect(statuses.filter((s) => s === 404)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
    expect(sb.stats().byOperation[RESULTS]).toMatchObject({ requests: 12, accepted: 4, rateLimited: 8 });
  });

  it("counts per key and per operation", async () => {
    const clock = manualClock(SLOT_START);
    const sb = await sandbox({
      now: clock.now,
      apiKeys: ["key-a", "key-b"],
      rateLimit: { mode, windowMs: WINDOW, limits: { [RESULTS]: 2, [UPDATE]: 1 } },
    });
    expect((await burst(sb.url, 3, "key-a")).statuses).toEqual([404, 404, 429]);
    expect((await burst(sb.url, 3, "key-b")).statuses).toEqual([404, 404, 429]);
    const put = await putItems(sb.url, [{ style_key: "A", status: "draft" }], "key-a");
    expect([put.status, put.headers.get("x-ratelimit-limit"), put.headers.get("x-ratelimit-remaining")]).toEqual([
      200,
      "1",
      "0",
    ]);
  });

  it("refused requests do not use up the window", async () => {
    const clock = manualClock(SLOT_START);
    const sb = await sandbox({ now: clock.now, rateLimit: { mode, windowMs: WINDOW, limits: { [RESULTS]: 2 } } });
    await burst(sb.url, 2);
    clock.advance(WINDOW - 1);
    expect((await burst(sb.url, 5)).statuses).toEqual([429, 429, 429, 429, 429]);
    clock.advance(1);
    expect((await burst(sb.url, 3)).statuses).toEqual([404, 404, 429]);
  });
});

describe("sliding versus fixed at a slot boundary", () => {
  // limit 2: two requests late in one slot, then two right after the boundary.
  async function acrossBoundary(mode: "sliding" | "fixed"): Promise<number[]> {
    const clock = manualClock(SLOT_START + WINDOW - 10);
    const sb = await sandbox({ now: clock.now, rateLimit: { mode, windowMs: WINDOW, limits: { [RESULTS]: 2 } } });
    const early = await burst(sb.url, 2);
    clock.advance(10);
    const late = await burst(sb.url, 2);
    return [...early.statuses, ...late.statuses];
  }

  it("fixed: the slot resets at a multiple of windowMs since the epoch", async () => {
    expect(await acrossBoundary("fixed")).toEqual([404, 404, 404, 404]);
  });

  it("sliding: never more than `limit` in any windowMs span", async () => {
    expect(await acrossBoundary("sliding")).toEqual([404, 404, 429, 429]);
  });
});

describe("rate-limit headers", () => {
  it("are on every answer: 200, 400, 401, 404, 429", async () => {
    const sb = await sandbox({ rateLimit: { windowMs: 60_000, limits: { [UPDATE]: 2 } } });
    const answers = [
      await putItems(sb.url, [{ style_key: "A", status: "draft" }]),
      await putItems(sb.url, []),
      await putItems(sb.url, [{ style_key: "A", status: "draft" }]),
      await putItems(sb.url, [{ style_key: "A", status: "draft" }], "wrong-key"),
      await getBatch(sb.url, ID),
    ];
    expect(
      answers.map((a) => [a.status, a.headers.get("x-ratelimit-limit"), a.headers.get("x-ratelimit-remaining")]),
    ).toEqual([
      [200, "2", "1"],
      [400, "2", "0"],
      [429, "2", "0"],
      [401, "2", "2"], // an unknown caller uses up no key's window
      [404, String(operations[RESULTS].rateLimit.limit), String(operations[RESULTS].rateLimit.limit - 1)],
    ]);
  });

  it("default to the spec's limits per operation", async () => {
    const sb = await sandbox();
    const put = await putItems(sb.url, [{ style_key: "A", status: "draft" }]);
    expect(put.headers.get("x-ratelimit-limit")).toBe(String(operations[UPDATE].rateLimit.limit));
    const get = await getBatch(sb.url, ID);
    expect(get.headers.get("x-ratelimit-limit")).toBe(String(operations[RESULTS].rateLimit.limit));
  });

  it("are absent, and nothing is refused, with rateLimit: false", async () => {
    const sb = await sandbox({ rateLimit: false });
    const { statuses } = await burst(sb.url, 5);
    expect(statuses).toEqual([404, 404, 404, 404, 404]);
    const answer = await getBatch(sb.url, ID);
    expect(answer.headers.has("x-ratelimit-limit")).toBe(false);
    expect(answer.headers.has("x-ratelimit-remaining")).toBe(false);
  });

  it("are absent on a path the API does not have (no operation to count against)", async () => {
    const sb = await sandbox();
    const answer = await send(`${sb.url}/api/v1/nothing`, { headers: { "x-api-key": "sandbox-key" } });
    expect(answer.status).toBe(404);
    expect(answer.headers.has("x-ratelimit-limit")).toBe(false);
  });
});

describe("stats", () => {
  it("counts requests per key label and operation, 429s, and the most arrivals in any window", async () => {
    const clock = manualClock(SLOT_START + 500);
    const sb = await sandbox({
      now: clock.now,
      apiKeys: ["secret-a", "secret-b"],
      rateLimit: { mode: "fixed", windowMs: WINDOW, limits: { [RESULTS]: 3 } },
    });
    await burst(sb.url, 3, "secret-a"); // t = 500: 3 accepted
    clock.advance(500);
    await burst(sb.url, 4, "secret-a"); // t = 1000: new fixed slot, 3 accepted + 1 refused: 7 arrivals within 500 ms
    clock.advance(400);
    await burst(sb.url, 1, "secret-b");
    await putItems(sb.url, [{ style_key: "A", status: "draft" }], "nobody");

    const stats = sb.stats();
    expect(stats.requests).toEqual({ "key#1": { [RESULTS]: 7 }, "key#2": { [RESULTS]: 1 } });
    expect(stats.byOperation[RESULTS]).toEqual({
      requests: 8,
      accepted: 7,
      rateLimited: 1,
      maxInSlidingWindow: 7,
      maxInFixedWindow: 4,
    });
    expect(stats.rateLimited).toBe(1);
    expect(stats.maxInAnyWindow).toBe(7); // what a sliding-window server would have seen: a fixed window lets 6 pass in 500 ms
    expect(stats.unauthorized).toBe(1);
    expect(JSON.stringify(stats)).not.toMatch(/secret-|nobody/);

    sb.resetStats();
    expect(sb.stats()).toMatchObject({
      requests: {},
      byOperation: {},
      rateLimited: 0,
      maxInAnyWindow: 0,
      unauthorized: 0,
    });
    // The limiter keeps its state across resetStats: the key is still at its limit in this slot.
    expect((await getBatch(sb.url, ID, "secret-a")).status).toBe(429);
  });

  it("maxInAnyWindow forgets arrivals older than windowMs", async () => {
    const clock = manualClock(SLOT_START);
    const sb = await sandbox({ now: clock.now, rateLimit: { windowMs: WINDOW, limits: { [RESULTS]: 10 } } });
    for (let i = 0; i < 6; i++) {
      await getBatch(sb.url, ID);
      clock.advance(WINDOW / 2); // at most 2 arrivals in any window-long span
    }
    expect(sb.stats().maxInAnyWindow).toBe(2);
  });
});
