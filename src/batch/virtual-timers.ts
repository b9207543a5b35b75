/**
 * Timers in virtual time, for tests and the polling benchmark: `sleep` only
 * registers a wake-up; `run(work)` lets `work` proceed and, whenever it is
 * idle (everything waits on a timer), jumps the clock to the next wake-up.
 * Hours of polling then take milliseconds, deterministically.
 */
import { setImmediate as nextMacrotask } from "node:timers/promises";
import type { Timers } from "./timers.ts";

type WakeUp = { at: number; order: number; wake: () => void };

export type VirtualTimers = Timers & {
  /** Sleeps still pending (a finished or aborted wait leaves none). */
  pendingCount(): number;
  /** Settles like `work`, advancing virtual time while `work` waits on timers. */
  run<T>(work: Promise<T>): Promise<T>;
};

export function createVirtualTimers(startMs = 0): VirtualTimers {
  let now = startMs;
  let order = 0;
  const pending: WakeUp[] = [];

  const remove = (wakeUp: WakeUp) => {
    const index = pending.indexOf(wakeUp);
    if (index >= 0) pending.splice(index, 1);
  };

  return {
    now: () => now,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          remove(wakeUp);
          reject(signal?.reason);
        };
        const wakeUp: WakeUp = {
          at: now + Math.max(0, ms),
          order: order++,
          wake: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        pending.push(wakeUp);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    pendingCount: () => pending.length,
    async run(work) {
      let settled = false;
      work.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (;;) {
        await nextMacrotask(); // lets every pending promise callback run first
        if (settled) return work;
        pending.sort((a, b) => a.at - b.at || a.order - b.order);
        const next = pending.shift();
        if (!next) throw new Error("Virtual time is stuck: the work waits on something that is not a virtual timer.");
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}
