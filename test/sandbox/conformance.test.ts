/**
 * Holds the sandbox to the spec: every non-fault path is driven through
 * `prism proxy` (validation mode, Prism 5.14.2), and any violation of the
 * RESPONSE that Prism reports in `sl-violations` fails the test. Requests the
 * test sends invalid on purpose must draw exactly the request violations
 * expected (Prism agrees they are invalid) and a 400/401 from the sandbox.
 *
 * What Prism does and does not check (measured):
 * - documented statuses (200, 400, 401, GET 404): body schema, media type,
 *   formats (uuid), and the required fields of every item;
 * - `default` (429, and 404 for PUT, which the spec does not document): only
 *   the types of the X-RateLimit-* headers; `default` has no content, so the
 *   body is NOT checked; this test checks those bodies against
 *   BadRequestSchema itself;
 * - presence of X-RateLimit-*: not required by the spec, so not checked by
 *   Prism; this test checks it on every answer;
 * - a 200 whose body is not JSON makes Prism answer 500 without a violation
 *   header: this test compares the status Prism forwarded with the sandbox's.
 * Faults (5xx, drops, hangs, malformed JSON) break the spec on purpose and
 * are not driven here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { checkSchema, resolveRef } from "../../src/schema-check.ts";
import { startPrismProxy } from "../support/prism.ts";
import type { RunningServer } from "../support/spawn-server.ts";
import { manualClock } from "./helpers.ts";

type Violation = { location: string[]; severity: string; message: string; code?: string | number };
type Exchange = { label: string; status: number; violations: Violation[]; body: string; headers: Headers };

const SCHEDULE = { pendingMs: 100, processingMs: 100, retryMs: 100 };
const UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

let sandbox: Sandbox;
let proxy: RunningServer;
const clock = manualClock();
const exchanges: Exchange[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    now: clock.now,
    apiKeys: ["key-a", "key-b"],
    batches: SCHEDULE,
    rateLimit: { windowMs: 60_000, limits: { "PUT /api/v1/products/status": 12, "GET /api/v1/results/status": 30 } },
  });
  proxy = await startPrismProxy(sandbox.url);
});

afterAll(async () => {
  await proxy?.stop();
  await sandbox?.close();
});

async function through(label: string, path: string, init: RequestInit): Promise<Exchange> {
  const response = await fetch(`${proxy.url}${path}`, init);
  const body = await response.text();
  const header = response.headers.get("sl-violations");
  const exchange = {
    label,
    status: response.status,
    violations: header ? (JSON.parse(header) as Violation[]) : [],
    body,
    headers: response.headers,
  };
  exchanges.push(exchange);
  return exchange;
}

function put(label: string, body: unknown, apiKey: string | null = "key-a"): Promise<Exchange> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (apiKey !== null) headers["x-api-key"] = apiKey;
  return through(label, "/api/v1/products/status", { method: "PUT", headers, body: JSON.stringify(body) });
}

function get(label: string, query: string, apiKey = "key-a"): Promise<Exchange> {
  return through(label, `/api/v1/results/status${query}`, { headers: { "x-api-key": apiKey } });
}

const requestViolations = (exchange: Exchange) => exchange.violations.filter((v) => v.location[0] === "request");
const responseViolations = (exchange: Exchange) => exchange.violations.filter((v) => v.location[0] !== "request");

describe("the sandbox behind prism proxy", () => {
  it("answers every non-fault path as the spec describes", async () => {
    // Batches in every status, with succeeding and failing items.
    const completed = JSON.parse(
      (
        await put("PUT 200", {
          items: [
            { style_key: "NEW-1", status: "published" },
            { style_key: "ACTIVE-1", status: "draft" },
            { style_key: "UNKNOWN-1", status: "inactive" },
          ],
        })
      ).body,
    ).batchRequestId as string;
    const deduplicated = await put("PUT 200 (dedup)", {
      items: [
        { style_key: "NEW-1", status: "published" },
        { style_key: "ACTIVE-1", status: "draft" },
        { style_key: "UNKNOWN-1", status: "inactive" },
      ],
    });
    expect(JSON.parse(deduplicated.body).batchRequestId).toBe(completed);
    const failed = JSON.parse(
      (await put("PUT 200 (will fail)", { items: [{ style_key: "FAIL-BATCH-1", status: "published" }] })).body,
    ).batchRequestId as string;
    const retried = JSON.parse(
      (await put("PUT 200 (will retry)", { items: [{ style_key: "RETRY-BATCH-1", status: "inactive" }] })).body,
    ).batchRequestId as string;

    const statuses: string[] = [];
    for (const step of [0, 100, 100, 100]) {
      clock.advance(step);
      for (const id of [completed, failed, retried])
        statuses.push(JSON.parse((await get("GET 200", `?batch_request_id=${id}`)).body).status);
    }
    expect(new Set(statuses)).toEqual(new Set(["pending", "processing", "completed", "failed", "retry"]));
    const results = JSON.parse((await get("GET 200 (results)", `?batch_request_id=${completed}`)).body);
    expect(results.items.map((item: { success: boolean }) => item.success)).toEqual([true, false, false]);

    // Errors the spec documents.
    expect((await put("PUT 400 (status not settable)", { items: [{ style_key: "A", status: "active" }] })).status).toBe(
      400,
    );
    expect(
      (await put("PUT 400 (style_key too long)", { items: [{ style_key: "x".repeat(121), status: "draft" }] })).status,
    ).toBe(400);
    expect((await put("PUT 400 (no items)", { items: [] })).status).toBe(400);
    expect((await put("PUT 401 (wrong key)", { items: [{ style_key: "A", status: "draft" }] }, "wrong")).status).toBe(
      401,
    );
    expect((await put("PUT 401 (no key)", { items: [{ style_key: "A", status: "draft" }] }, null)).status).toBe(401);
    expect((await get("GET 400 (malformed id)", "?batch_request_id=nope")).status).toBe(400);
    expect((await get("GET 400 (no id)", "")).status).toBe(400);
    expect((await get("GET 404 (unknown id)", `?batch_request_id=${UUID}`)).status).toBe(404);
    expect((await get("GET 404 (another key's batch)", `?batch_request_id=${completed}`, "key-b")).status).toBe(404);
    expect((await get("GET 401 (wrong key)", `?batch_request_id=${completed}`, "wrong")).status).toBe(401);

    // 429 on both operations.
    let putAnswer: Exchange;
    do putAnswer = await put("PUT until 429", { items: [{ style_key: "NEW-2", status: "draft" }] });
    while (putAnswer.status === 200);
    expect(putAnswer.status).toBe(429);
    let getAnswer: Exchange;
    do getAnswer = await get("GET until 429", `?batch_request_id=${completed}`, "key-b");
    while (getAnswer.status === 404);
    expect(getAnswer.status).toBe(429);
  });

  it("drew no response violation from Prism", () => {
    expect(exchanges.length).toBeGreaterThan(30);
    expect(exchanges.flatMap((e) => responseViolations(e).map((v) => `${e.label}: ${v.message}`))).toEqual([]);
  });

  it("drew request violations only where the test sent an invalid request on purpose", () => {
    const byLabel = new Map<string, string[]>();
    for (const exchange of exchanges) {
      const found = requestViolations(exchange).map((v) => String(v.code ?? v.message));
      if (found.length > 0) byLabel.set(exchange.label, found);
    }
    expect(Object.fromEntries(byLabel)).toEqual({
      "PUT 400 (style_key too long)": ["maxLength"],
      "PUT 400 (no items)": ["minItems"],
      "PUT 401 (no key)": ["401"],
      "GET 400 (malformed id)": ["format"],
      "GET 400 (no id)": ["required"],
    });
  });

  it("sent the rate-limit headers as integers on every answer, and {message} on every error (checked here: Prism does not check `default` bodies)", () => {
    const messageSchema = resolveRef("#/components/schemas/BadRequestSchema");
    for (const exchange of exchanges) {
      expect(exchange.headers.get("x-ratelimit-limit"), exchange.label).toMatch(/^\d+$/);
      expect(exchange.headers.get("x-ratelimit-remaining"), exchange.label).toMatch(/^\d+$/);
      if (exchange.status >= 400) {
        expect(
          checkSchema(JSON.parse(exchange.body), messageSchema, "body", { formats: true }),
          exchange.label,
        ).toEqual([]);
      }
    }
  });

  it("was forwarded unchanged: Prism answered with the sandbox's status every time", () => {
    // Prism turns an upstream answer it cannot parse into its own 500.
    expect(exchanges.filter((e) => e.status >= 500).map((e) => e.label)).toEqual([]);
  });
});
