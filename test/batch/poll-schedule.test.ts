import { describe, expect, it } from "vitest";
import { runPollingBench } from "../../bench/polling.ts";
import { createPollSchedule } from "../../src/batch/poll-schedule.ts";
import { ValidationError } from "../../src/errors.ts";

const ROUND_TRIP_MS = 250;

/** Poll start times on a schedule (start to start), with answers ROUND_TRIP_MS later, until `untilMs`. */
function pollTimes(untilMs: number, schedule = createPollSchedule()): number[] {
  const times = [schedule.firstDelayMs];
  while ((times.at(-1) ?? 0) < untilMs) {
    const last = times.at(-1) ?? 0;
    times.push(Math.max(last + schedule.delayAfter(last), last + ROUND_TRIP_MS));
  }
  return times;
}

describe("the default poll schedule", () => {
  it("starts at the 750 ms floor, grows with 10% of the time waited and stops at the 55 s cap", () => {
    const schedule = createPollSchedule();
    expect(schedule.firstDelayMs).toBe(750);
    expect(schedule.delayAfter(0)).toBe(750);
    expect(schedule.delayAfter(10_000)).toBe(750);
    expect(schedule.delayAfter(60_000)).toBe(5_750);
    expect(schedule.delayAfter(600_000)).toBe(55_000);
    expect(schedule.delayAfter(7_200_000)).toBe(55_000);
  });

  it("notices completion within max(1 s, 10% of T) and 60 s, round trip included, at every completion time up to 2 h", () => {
    const times = pollTimes(2 * 3_600_000 + 120_000);
    // A batch completing just after poll k started is seen by poll k+1's answer.
    for (let k = 0; k + 1 < times.length; k++) {
      const completedAt = (times[k] ?? 0) + 1;
      const noticedAt = (times[k + 1] ?? 0) + ROUND_TRIP_MS;
      const allowed = Math.min(60_000, Math.max(1_000, completedAt / 10));
      expect(noticedAt - completedAt, `poll ${k} at ${times[k]} ms`).toBeLessThanOrEqual(allowed);
    }
  });

  it("spends fewer than twice the polls of a fixed 60 s poll on batches of 1 and 2 hours", () => {
    for (const hours of [1, 2]) {
      const until = hours * 3_600_000;
      const polls = pollTimes(until).length;
      expect(polls).toBeLessThanOrEqual(2 * (until / 60_000));
    }
  });

  it("jitter only ever shortens a delay", () => {
    const jittered = createPollSchedule({ jitter: 0.5 });
    const plain = createPollSchedule();
    for (const waited of [0, 5_000, 60_000, 3_600_000]) {
      expect(jittered.delayAfter(waited, () => 0.999)).toBeLessThanOrEqual(plain.delayAfter(waited));
      expect(jittered.delayAfter(waited, () => 0.999)).toBeGreaterThanOrEqual(plain.delayAfter(waited) / 2 - 1);
      expect(jittered.delayAfter(waited, () => 0)).toBe(plain.delayAfter(waited));
    }
  });

  it("refuses options it cannot use", () => {
    expect(() => createPollSchedule({ factor: -1 })).toThrow(ValidationError);
    expect(() => createPollSchedule({ minDelayMs: 2_000, maxDelayMs: 1_000 })).toThrow(
      /minDelayMs must not exceed maxDelayMs/,
    );
    expect(() => createPollSchedule({ firstDelayMs: Number.NaN })).toThrow(/firstDelayMs/);
  });
});

describe("the polling benchmark (the real wait, in virtual time)", () => {
  it("shows the default schedule meeting the goal for 10 s to 2 h batches, and the fixed 60 s poll missing it", async () => {
    const rows = await runPollingBench();
    const defaults = rows.filter((row) => row.schedule === "default");
    expect(defaults.map((row) => row.batchDurationMs)).toEqual([10_000, 60_000, 600_000, 3_600_000, 7_200_000]);
    for (const row of defaults)
      expect(row, `batch of ${row.batchDurationMs} ms`).toMatchObject({ latenessMet: true, requestsMet: true });
    expect(rows.filter((row) => row.schedule === "fixed 60 s").some((row) => !row.meetsGoal)).toBe(true);
  });
});
