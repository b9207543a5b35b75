/**
 * The clock and sleep the batch wait runs on. Injected so tests and the
 * polling benchmark can drive a wait in virtual time (see virtual-timers.ts).
 */
import { performance } from "node:perf_hooks";
import { sleep } from "../sleep.ts";

export type Timers = {
  /** Milliseconds on a monotonic clock (only differences matter). */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` the moment it aborts, clearing its timer. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

export const realTimers: Timers = {
  now: () => performance.now(),
  sleep,
};
