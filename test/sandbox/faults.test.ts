import { request } from "node:http";
import { describe, expect, it } from "vitest";
import {
  type FaultOptions,
  type Sandbox,
  SERVER_ERROR_FORMS,
  startSandbox,
  UNKNOWN_BATCH_STATUS,
} from "../../src/sandbox/index.ts";
import { getBatch, manualClock, putItems, RESULTS, sandbox, submit, UPDATE } from "./helpers.ts";

const ITEMS = [{ style_key: "NEW-1", status: "published" }];

/** What a request got: an HTTP status, or "dropped" when the connection ended without an answer. */
async function outcome(promise: Promise<{ status: number }>): Promise<number | "dropped"> {
  try {
    return (await promise).status;
  } catch {
    return "dropped";
  }
}

async function putOutcomes(sb: Sandbox, count: number): Promise<(number | "dropped")[]> {
  const outcomes: (number | "dropped")[] = [];
  for (let i = 0; i < count; i++)
    outcomes.push(await outcome(putItems(sb.url, [{ style_key: `NEW-${i}`, status: "draft" }])));
  return outcomes;
}

describe("faults", () => {
  it("are off by default", async () => {
    const sb = await sandbox();
    expect(new Set(await putOutcomes(sb, 20))).toEqual(new Set([200]));
    expect(sb.stats().faultsInjected).toEqual({});
  });

  it("repeat with the same seed and differ with another", async () => {
    const faults: FaultOptions = { seed: 7, serverError: 0.3, dropBeforeProcessing: 0.2 };
    const first = await putOutcomes(await sandbox({ faults }), 30);
    const again = await putOutcomes(await sandbox({ faults }), 30);
    const other = await putOutcomes(await sandbox({ faults: { ...faults, seed: 8 } }), 30);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 502, 503, "dropped"]));
  });

  it("serverError rotates a JSON 500, an HTML 502 and an empty 503, and processes nothing", async () => {
    const sb = await sandbox({ faults: { serverError: 1 } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await putItems(sb.url, ITEMS));
    expect(answers.map((a) => [a.status, a.headers.get("content-type"), a.text])).toEqual(
      [...SERVER_ERROR_FORMS, SERVER_ERROR_FORMS[0]].map((form) => [form.status, form.contentType ?? null, form.body]),
    );
    expect(answers[1]?.text).toContain("<html>");
    expect(answers.every((a) => a.headers.get("x-ratelimit-limit") !== null)).toBe(true);
    expect(sb.stats()).toMatchObject({
      batchesCreated: 0,
      faultsInjected: { serverError: 4, "serverError:json": 2, "serverError:html": 1, "serverError:empty": 1 },
    });
  });

  it("dropBeforeProcessing ends the connection and creates no batch", async () => {
    const sb = await sandbox({ faults: { dropBeforeProcessing: 1 } });
    expect(await outcome(putItems(sb.url, ITEMS))).toBe("dropped");
    expect(sb.stats()).toMatchObject({ batchesCreated: 0, faultsInjected: { dropBeforeProcessing: 1 } });
  });

  it("dropAfterProcessing creates the batch, then ends the connection: resubmitting finds it by dedup", async () => {
    const sb = await sandbox({ faults: { dropAfterProcessing: 1, only: [UPDATE] } });
    expect(await outcome(putItems(sb.url, ITEMS))).toBe("dropped");
    expect(sb.stats()).toMatchObject({
      batchesCreated: 1,
      deduplicated: 0,
      faultsInjected: { dropAfterProcessing: 1 },
    });
    expect(await outcome(putItems(sb.url, ITEMS))).toBe("dropped");
    expect(sb.stats()).toMatchObject({ batchesCreated: 1, deduplicated: 1 });
  });

  it("slow answers normally after slowMs", async () => {
    const sb = await sandbox({ faults: { slow: 1, slowMs: 150 } });
    const started = performance.now();
    const answer = await putItems(sb.url, ITEMS);
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(sb.stats().faultsInjected).toEqual({ slow: 1 });
  });

  it("malformedJson answers 200 with JSON cut short, after processing", async () => {
    const sb = await sandbox({ faults: { malformedJson: 1 } });
    const answer = await putItems(sb.url, ITEMS);
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^\{"batchRequestId":"/);
    expect(() => JSON.parse(answer.text)).toThrow();
    expect(sb.stats()).toMatchObject({ batchesCreated: 1, faultsInjected: { malformedJson: 1 } });
  });

  it("unknownStatus puts a status outside the enum into GET answers only", async () => {
    const clock = manualClock();
    const sb = await sandbox({ now: clock.now, faults: { unknownStatus: 1 } });
    const id = await submit(sb.url, ITEMS); // PUT is untouched
    const answer = await getBatch(sb.url, id);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ batchRequestId: id, status: UNKNOWN_BATCH_STATUS, items: [] });
    expect(sb.stats().faultsInjected).toEqual({ unknownStatus: 1 });
  });

  it("only applies faults to the listed operations", async () => {
    const sb = await sandbox({ faults: { serverError: 1, only: [RESULTS] } });
    const id = await submit(sb.url, ITEMS);
    expect((await getBatch(sb.url, id)).status).toBe(500);
  });

  it("hang never answers; the client's own timeout ends the wait", async () => {
    const sb = await sandbox({ faults: { hang: 1 } });
    const result = await outcome(
      fetch(`${sb.url}/api/v1/results/status?batch_request_id=3fa85f64-5717-4562-b3fc-2c963f66afa6`, {
        headers: { "x-api-key": "sandbox-key" },
        signal: AbortSignal.timeout(200),
      }),
    );
    expect(result).toBe("dropped");
    expect(sb.stats().faultsInjected).toEqual({ hang: 1 });
  });

  it("rejects rates that add up to more than 1", async () => {
    await expect(startSandbox({ faults: { serverError: 0.6, hang: 0.6 } })).rejects.toThrow(/add up to 1.2.*at most 1/);
  });
});

describe("close()", () => {
  it("ends hanging requests and pending delays promptly", async () => {
    const sb = await startSandbox({ faults: { hang: 0.5, slow: 0.5, slowMs: 60_000 } });
    const pending = [1, 2, 3, 4].map(
      () =>
        new Promise<string>((resolve) => {
          const req = request(`${sb.url}/api/v1/results/status?batch_request_id=3fa85f64-5717-4562-b3fc-2c963f66afa6`, {
            headers: { "x-api-key": "sandbox-key" },
          });
          req.on("response", (res) => resolve(`answered ${res.statusCode}`));
          req.on("error", (error) => resolve((error as NodeJS.ErrnoException).code ?? error.message));
          req.end();
        }),
    );
    const injected = () => sb.stats().faultsInjected;
    while ((injected().hang ?? 0) + (injected().slow ?? 0) < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    const { hang = 0, slow = 0 } = injected();
    expect(hang + slow).toBe(4);
    expect(hang).toBeGreaterThan(0);
    // Without close() ending them, these would wait 60 s (or forever) and the test would time out.
    await sb.close();
    expect(await Promise.all(pending)).toEqual(["ECONNRESET", "ECONNRESET", "ECONNRESET", "ECONNRESET"]);
    await sb.close(); // a second close is harmless
  });
});
