/**
 * Fault suite: 5xx bursts (500 JSON, 502 HTML, 503 empty, rotating) and
 * HTML error pages. Reads are retried through them; a status update is
 * never resent (the server may have processed it), fails with a typed
 * ServerError, and creates no batch the caller does not know of.
 */
import { describe, expect, it } from "vitest";
import { ServerError } from "../../src/index.ts";
import { SERVER_ERROR_FORMS } from "../../src/sandbox/index.ts";
import { SAMPLE_ID } from "../support/recording-fetch.ts";
import {
  API_KEY,
  expectAllTerminal,
  expectLimitsHeld,
  faultClient,
  faultSandbox,
  RESULTS,
  range,
  settledTyped,
  submitMany,
  UPDATE,
  useFaultHarness,
} from "./harness.ts";

useFaultHarness();

describe("5xx bursts", () => {
  it("status updates fail typed and are never resent; every accepted batch is read to the end", async () => {
    const sandbox = await faultSandbox({ seed: 501, serverError: 0.4 });
    const { client, retries } = faultClient(sandbox);

    const { ids, errors } = await submitMany(client, "S5", 30);
    expect(ids.length).toBeGreaterThan(0);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ServerError);
      expect([500, 502, 503]).toContain((error as ServerError).status);
      expect((error as ServerError).operation).toBe(UPDATE);
    }
    const stats = sandbox.stats();
    // Each call reached the server exactly once: nothing was resent, so nothing could be duplicated.
    expect(stats.byOperation[UPDATE]?.requests).toBe(30);
    expect(retries.filter((event) => event.operation === UPDATE)).toEqual([]);
    // A 5xx processed nothing: every batch created is one the caller holds an id for.
    expect(stats.batchesCreated).toBe(ids.length);

    await expectAllTerminal(client, ids);
    expect(retries.some((event) => event.operation === RESULTS && /^HTTP 50[023]$/.test(event.reason))).toBe(true);
    expectLimitsHeld(sandbox);
  });

  it("reads: each call settles with the results or, when the burst outlasts the retries, a ServerError", async () => {
    const sandbox = await faultSandbox({ seed: 502, serverError: 0.6, only: [RESULTS] });
    const { client, retries } = faultClient(sandbox);
    const [id] = (await submitMany(client, "S5R", 1)).ids;
    if (id === undefined) throw new Error("the PUT has no faults here and must succeed");

    const settled = await Promise.allSettled(range(30).map(() => client.getProductStatusResults(id)));
    const { values, errors } = settledTyped(settled);
    expect(values.length).toBeGreaterThan(0);
    for (const results of values) expect(results.batchRequestId).toBe(id);
    for (const error of errors) expect(error).toBeInstanceOf(ServerError);
    // Three attempts per call (two retries): a call fails only after three 5xx in a row.
    expect(sandbox.stats().byOperation[RESULTS]?.requests).toBe(30 + retries.length);
    expect(retries.length).toBeGreaterThan(0);
    expectLimitsHeld(sandbox);
  });
});

describe("HTML error pages and other 5xx bodies", () => {
  it("become ServerErrors with a readable message, the status and what to do, never markup or a SyntaxError", async () => {
    const sandbox = await faultSandbox({ seed: 503, serverError: 1, only: [RESULTS] });
    const { client } = faultClient(sandbox, { retry: false });
    // One after the other, so the rotation meets the calls in order.
    const settled = [];
    for (const _ of SERVER_ERROR_FORMS)
      settled.push(...(await Promise.allSettled([client.getProductStatusResults(SAMPLE_ID)])));
    const { errors } = settledTyped(settled);
    expect(errors.map((error) => (error as ServerError).status)).toEqual(SERVER_ERROR_FORMS.map((form) => form.status));
    const [json, html, empty] = errors as ServerError[];
    expect(json?.serverMessage).toBe("Internal server error (injected by the sandbox)");
    expect(html?.serverMessage).toMatch(/^HTML page: 502 Bad Gateway/);
    expect(html?.message).not.toMatch(/<[a-z/]/i);
    expect(empty?.message).toContain("(empty body)");
    for (const error of errors as ServerError[]) {
      expect(error).toBeInstanceOf(ServerError);
      expect(error.message).toContain(RESULTS);
      expect(error.message).toMatch(/retry later/);
      expect(error.rateLimit?.limit).toBeGreaterThan(0);
      expect(error.message).not.toContain(API_KEY);
    }
  });
});
