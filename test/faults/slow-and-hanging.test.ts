/**
 * Fault suite: slow answers (within and beyond the client's timeoutMs of
 * 200 ms) and answers that never come. A timed-out read is retried; a
 * timed-out status update is not (the server may be processing it) and is
 * reported with a TimeoutError. An abort rejects with the signal's reason.
 */
import { describe, expect, it } from "vitest";
import { TimeoutError } from "../../src/index.ts";
import { SAMPLE_ID } from "../support/recording-fetch.ts";
import {
  expectAllTerminal,
  expectLimitsHeld,
  faultClient,
  faultSandbox,
  QUICK_WAIT,
  RESULTS,
  range,
  settledTyped,
  submitMany,
  TIMEOUT_MS,
  UPDATE,
  useFaultHarness,
} from "./harness.ts";

useFaultHarness();

function expectTimeouts(errors: unknown[], operation: string): void {
  for (const error of errors) {
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(TIMEOUT_MS);
    expect((error as TimeoutError).operation).toBe(operation);
  }
}

describe("slow answers", () => {
  it("within timeoutMs: every call gets its data", async () => {
    const sandbox = await faultSandbox({ seed: 701, slow: 0.5, slowMs: 60 });
    const { client, retries } = faultClient(sandbox);
    const { ids, errors } = await submitMany(client, "SLOW", 20);
    expect(errors).toEqual([]);
    expect(ids).toHaveLength(20);
    await expectAllTerminal(client, ids);
    expect(retries).toEqual([]);
    expect(sandbox.stats().faultsInjected.slow).toBeGreaterThan(0);
    expect(sandbox.stats().batchesCreated).toBe(20);
    expectLimitsHeld(sandbox);
  });

  it("beyond timeoutMs: a status update times out, is not resent, and its batch is the one the TimeoutError reports", async () => {
    const sandbox = await faultSandbox({ seed: 702, slow: 0.4, slowMs: TIMEOUT_MS * 2, only: [UPDATE] });
    const { client, retries } = faultClient(sandbox);
    const { ids, errors } = await submitMany(client, "SLOWPUT", 20);
    expect(errors.length).toBeGreaterThan(0);
    expectTimeouts(errors, UPDATE);
    const stats = sandbox.stats();
    expect(stats.byOperation[UPDATE]?.requests).toBe(20);
    expect(retries.filter((event) => event.operation === UPDATE)).toEqual([]);
    // The slow PUTs were processed; their answers came after the client gave up: ids unknown, one per TimeoutError.
    expect(stats.batchesCreated).toBe(ids.length + errors.length);
    await expectAllTerminal(client, ids);
    expectLimitsHeld(sandbox);
  });

  it("a status update's TimeoutError warns that the batch may have been created (retrying blindly would duplicate it)", async () => {
    const sandbox = await faultSandbox({ seed: 703, slow: 1, slowMs: TIMEOUT_MS * 2, only: [UPDATE] });
    const { client } = faultClient(sandbox);
    const { errors } = await submitMany(client, "SLOWADVICE", 1);
    expectTimeouts(errors, UPDATE);
    expect(sandbox.stats().batchesCreated).toBe(1);
    // Like NetworkError's advice for a request that may have reached the server.
    expect((errors[0] as TimeoutError).message).toMatch(/may have reached the server/);
    expect((errors[0] as TimeoutError).message).toMatch(/look the batch up before resubmitting/);
  });

  it("beyond timeoutMs on reads: retried, and a wait still reads every batch to the end", async () => {
    const sandbox = await faultSandbox({ seed: 704, slow: 0.3, slowMs: TIMEOUT_MS * 2, only: [RESULTS] });
    const { client, retries } = faultClient(sandbox);
    const { ids } = await submitMany(client, "SLOWGET", 8);
    expect(ids).toHaveLength(8);
    await expectAllTerminal(client, ids);
    expect(retries.some((event) => event.operation === RESULTS && event.reason === "TimeoutError")).toBe(true);
    expectLimitsHeld(sandbox);
  });
});

describe("hanging answers", () => {
  it("every call settles: hung status updates with a TimeoutError and no batch, hung reads retried", async () => {
    const sandbox = await faultSandbox({ seed: 711, hang: 0.3 });
    const { client, retries } = faultClient(sandbox);
    const { ids, errors } = await submitMany(client, "HANG", 20);
    expect(errors.length).toBeGreaterThan(0);
    expectTimeouts(errors, UPDATE);
    const stats = sandbox.stats();
    expect(stats.byOperation[UPDATE]?.requests).toBe(20);
    expect(retries.filter((event) => event.operation === UPDATE)).toEqual([]);
    // A hung request was never processed.
    expect(stats.batchesCreated).toBe(ids.length);

    await expectAllTerminal(client, ids);
    expect(retries.some((event) => event.operation === RESULTS && event.reason === "TimeoutError")).toBe(true);
    expectLimitsHeld(sandbox);
  });

  it("an abort rejects a hanging call, or a wait, with the signal's reason at once", async () => {
    const sandbox = await faultSandbox({ seed: 712, hang: 1, only: [RESULTS] });
    const { client } = faultClient(sandbox, { timeoutMs: 10_000 });
    const reasons = range(4).map((index) => new Error(`caller gave up #${index}`));
    const controllers = reasons.map(() => new AbortController());
    const calls = [
      client.getProductStatusResults(SAMPLE_ID, { signal: controllers[0]?.signal }),
      client.getProductStatusResults(SAMPLE_ID, { signal: controllers[1]?.signal }),
      client.waitForProductStatusResults(SAMPLE_ID, { ...QUICK_WAIT, signal: controllers[2]?.signal }),
      client.setProductStatus([{ style_key: "HANG-ABORT", status: "draft" }], {
        ...QUICK_WAIT,
        signal: controllers[3]?.signal,
      }),
    ];
    setTimeout(() => {
      for (const [index, controller] of controllers.entries()) controller.abort(reasons[index]);
    }, 60);
    const settled = await Promise.allSettled(calls);
    const { errors } = settledTyped(settled, reasons);
    expect(errors.slice(0, 3)).toEqual(reasons.slice(0, 3));
    // setProductStatus had submitted its batch: the abort comes wrapped, with the id to look up.
    expect(errors[3]).toMatchObject({ name: "SetProductStatusError", cause: reasons[3] });
    expect((errors[3] as { submittedBatchIds: string[] }).submittedBatchIds).toHaveLength(1);
    expect(sandbox.stats().batchesCreated).toBe(1);
  });
});
