import { describe, expect, it } from "vitest";
import { realTimers } from "../../src/batch/timers.ts";
import { createVirtualTimers } from "../../src/batch/virtual-timers.ts";
import { type GetResults, type WaitProgress, waitForResults } from "../../src/batch/wait.ts";
import {
  BatchTimeoutError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from "../../src/errors.ts";
import type { ProductStatusResults } from "../../src/types.ts";
import { BATCH_ID, ko, results, scripted } from "./fakes.ts";

const serverError = () => new ServerError("HTTP 503 Service Unavailable; retry later", { status: 503 });
const notFound = () => new NotFoundError("HTTP 404: no such batch", { status: 404 });

type WaitOutcome = { value?: ProductStatusResults; error?: unknown };

/** Runs a wait in virtual time; returns its outcome, progress reports and the timers. */
async function runWait(getResults: GetResults, options: Parameters<typeof waitForResults>[2] = {}) {
  const timers = createVirtualTimers();
  const progress: WaitProgress[] = [];
  const outcome = await timers
    .run(waitForResults(getResults, BATCH_ID, { timers, onProgress: (p) => progress.push(p), ...options }))
    .then(
      (value): WaitOutcome => ({ value }),
      (error: unknown): WaitOutcome => ({ error }),
    );
  return { ...outcome, progress, timers };
}

describe("waitForResults: terminal statuses", () => {
  it("resolves with the results once the batch is completed", async () => {
    const done = results("completed", [ko("A", ["not found"])]);
    const { getResults, calls } = scripted(["pending", "processing", done]);
    const { value, progress } = await runWait(getResults);
    expect(value).toEqual(done);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.batchRequestId === BATCH_ID)).toBe(true);
    expect(progress.map((p) => p.status)).toEqual(["pending", "processing", "completed"]);
    expect(progress.map((p) => p.attempt)).toEqual([1, 2, 3]);
    expect(progress.at(-1)?.nextPollInMs).toBeUndefined();
  });

  it("resolves (does not reject) when the batch failed: failed is final", async () => {
    const { getResults } = scripted(["pending", "failed"]);
    const { value } = await runWait(getResults);
    expect(value?.status).toBe("failed");
  });

  it("keeps polling through retry: the platform will process the batch again", async () => {
    const { getResults, calls } = scripted(["retry", "retry", "processing", "completed"]);
    const { value, progress } = await runWait(getResults);
    expect(value?.status).toBe("completed");
    expect(calls).toHaveLength(4);
    expect(progress.slice(0, 2).map((p) => p.status)).toEqual(["retry", "retry"]);
  });

  it("keeps polling through a status the spec does not list, and reports it", async () => {
    const { getResults } = scripted(["queued_for_review", "completed"]);
    const { value, progress } = await runWait(getResults);
    expect(value?.status).toBe("completed");
    expect(progress[0]).toMatchObject({ status: "queued_for_review", attempt: 1 });
    expect(progress[0]?.nextPollInMs).toBeGreaterThan(0);
  });

  it("reports elapsed time and the next poll in virtual time, on the default schedule", async () => {
    const { getResults } = scripted(["pending", "pending", "completed"]);
    const { progress } = await runWait(getResults);
    expect(progress.map((p) => p.elapsedMs)).toEqual([750, 1500, 2250]);
    expect(progress[0]?.nextPollInMs).toBe(750);
  });
});

describe("waitForResults: deadline", () => {
  it("rejects with BatchTimeoutError carrying the last results seen", async () => {
    const { getResults, calls } = scripted(["processing"]);
    const { error, timers } = await runWait(getResults, { timeoutMs: 60_000 });
    expect(error).toBeInstanceOf(BatchTimeoutError);
    const timeout = error as BatchTimeoutError;
    expect(timeout.batchRequestId).toBe(BATCH_ID);
    expect(timeout.lastResults?.status).toBe("processing");
    expect(timeout.elapsedMs).toBe(60_000);
    expect(timeout.message).toContain(BATCH_ID);
    expect(timeout.message).toMatch(/1 min/);
    expect(timeout.message).toContain(`sellers-center status ${BATCH_ID} --wait`);
    expect(calls.length).toBeGreaterThan(5);
    expect(timers.pendingCount()).toBe(0);
  });

  it("does not wait past the deadline for a poll that hangs", async () => {
    const getResults: GetResults = () => new Promise(() => {});
    const { error, timers } = await runWait(getResults, { timeoutMs: 10_000 });
    expect(error).toBeInstanceOf(BatchTimeoutError);
    expect((error as BatchTimeoutError).elapsedMs).toBe(10_000);
    expect((error as BatchTimeoutError).lastResults).toBeUndefined();
    expect(timers.pendingCount()).toBe(0);
  });

  it("cancels the poll in flight at the deadline", async () => {
    let pollSignal: AbortSignal | undefined;
    const getResults: GetResults = (_id, { signal }) => {
      pollSignal = signal;
      return new Promise(() => {});
    };
    await runWait(getResults, { timeoutMs: 5_000 });
    expect(pollSignal?.aborted).toBe(true);
  });
});

describe("waitForResults: abort", () => {
  it("rejects at once with the signal's reason while sleeping, leaving no timer", async () => {
    const controller = new AbortController();
    const timers = createVirtualTimers();
    const { getResults, calls } = scripted(["pending"]);
    const reason = new Error("user pressed Ctrl-C");
    const wait = waitForResults(getResults, BATCH_ID, {
      timers,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.attempt === 2) queueMicrotask(() => controller.abort(reason));
      },
    });
    await expect(timers.run(wait)).rejects.toBe(reason);
    expect(calls).toHaveLength(2);
    expect(timers.pendingCount()).toBe(0);
  });

  it("rejects at once while a poll is in flight, and cancels that poll", async () => {
    const controller = new AbortController();
    const timers = createVirtualTimers();
    let pollSignal: AbortSignal | undefined;
    const getResults: GetResults = (_id, { signal }) => {
      pollSignal = signal;
      queueMicrotask(() => controller.abort("stop"));
      return new Promise(() => {}); // ignores the signal on purpose: the wait must not depend on it
    };
    await expect(timers.run(waitForResults(getResults, BATCH_ID, { timers, signal: controller.signal }))).rejects.toBe(
      "stop",
    );
    expect(pollSignal?.aborted).toBe(true);
    expect(timers.pendingCount()).toBe(0);
  });

  it("with real timers, an abort during a long sleep ends the wait promptly and clears the timer", async () => {
    const controller = new AbortController();
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const wait = waitForResults(scripted(["pending"]).getResults, BATCH_ID, {
      signal: controller.signal,
      timers: realTimers,
      firstDelayMs: 3_600_000,
    });
    setTimeout(() => controller.abort(new Error("cancelled")), 5);
    await expect(wait).rejects.toThrow("cancelled");
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
  });

  it("rejects before polling when the signal is already aborted", async () => {
    const { getResults, calls } = scripted(["completed"]);
    const { error } = await runWait(getResults, { signal: AbortSignal.abort("already") });
    expect(error).toBe("already");
    expect(calls).toHaveLength(0);
  });
});

describe("waitForResults: errors while polling", () => {
  it("polls through passing errors (5xx, malformed answer, dropped connection, attempt timeout, 429)", async () => {
    const { getResults, calls } = scripted([
      serverError(),
      new InvalidResponseError("not JSON", { status: 200 }),
      new NetworkError("connection reset", { requestMayHaveBeenProcessed: true }),
      new TimeoutError("slow", { timeoutMs: 30_000 }),
      new RateLimitError("HTTP 429", { status: 429 }),
      "completed",
    ]);
    const { value, progress } = await runWait(getResults);
    expect(value?.status).toBe("completed");
    expect(calls).toHaveLength(6);
    expect(progress.slice(0, 5).every((p) => p.error !== undefined && p.nextPollInMs !== undefined)).toBe(true);
  });

  it("backs off while errors persist, then ends the wait with the last error", async () => {
    const { getResults, calls } = scripted([serverError()]);
    const { error, progress } = await runWait(getResults, { maxConsecutiveErrors: 4 });
    expect(error).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(5);
    expect(progress.map((p) => p.nextPollInMs)).toEqual([750, 1500, 3000, 6000]);
  });

  it("ends the wait when errors have persisted longer than maxErrorDurationMs", async () => {
    const { getResults } = scripted([serverError()]);
    const { error, timers } = await runWait(getResults, { maxConsecutiveErrors: 1000, maxErrorDurationMs: 120_000 });
    expect(error).toBeInstanceOf(ServerError);
    expect(timers.now()).toBeGreaterThan(120_000);
    expect(timers.now()).toBeLessThan(120_000 + 60_000);
  });

  it("a success resets the count of errors in a row", async () => {
    const { getResults } = scripted([
      serverError(),
      serverError(),
      "pending",
      serverError(),
      serverError(),
      "completed",
    ]);
    const { value } = await runWait(getResults, { maxConsecutiveErrors: 2 });
    expect(value?.status).toBe("completed");
  });

  it("a 401 ends the wait at once", async () => {
    const { getResults, calls } = scripted([new UnauthorizedError("HTTP 401: check the key", { status: 401 })]);
    const { error } = await runWait(getResults);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(calls).toHaveLength(1);
  });

  it("a 404 right after submission means not visible yet: it keeps polling", async () => {
    const { getResults, calls } = scripted([notFound(), notFound(), "processing", "completed"]);
    const { value, progress } = await runWait(getResults);
    expect(value?.status).toBe("completed");
    expect(calls).toHaveLength(4);
    expect(progress[0]?.error).toBeInstanceOf(NotFoundError);
  });

  it("a 404 that lasts past the grace period ends the wait with NotFoundError", async () => {
    const { getResults, calls } = scripted([notFound()]);
    const { error, timers } = await runWait(getResults, { notFoundGraceMs: 5_000 });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(timers.now()).toBeGreaterThanOrEqual(5_000);
    expect(timers.now()).toBeLessThan(7_000);
    expect(calls.length).toBeGreaterThan(2);
  });

  it("a 404 after the batch was seen is not excused", async () => {
    const { getResults, calls } = scripted(["processing", notFound()]);
    const { error } = await runWait(getResults);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(calls).toHaveLength(2);
  });
});

describe("waitForResults: input", () => {
  it("refuses a malformed id before polling", async () => {
    const { getResults, calls } = scripted(["completed"]);
    const timers = createVirtualTimers();
    await expect(waitForResults(getResults, "not-a-uuid", { timers })).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toHaveLength(0);
  });

  it("refuses unusable options, naming each", async () => {
    const { getResults } = scripted(["completed"]);
    const error = await waitForResults(getResults, BATCH_ID, {
      timeoutMs: -1,
      minDelayMs: 10,
      maxDelayMs: 5,
      jitter: 2,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path).sort()).toEqual(["jitter", "minDelayMs", "timeoutMs"]);
  });
});
