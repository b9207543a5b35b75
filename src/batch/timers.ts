/**
 * The clock and sleep the batch wait runs on. Injected so tests and the
 * polling benchmark can drive a wait in virtual time (see virtual-timers.ts).
 */
import { performance } from "node:perf_hooks";

export type Timers = {
  /** Milliseconds on a monotonic clock (only differences matter). */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` the moment it aborts, clearing its timer. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
};

export const realTimers: Timers = {
  now: () => performance.now(),
  sleep(ms, signal) {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};
