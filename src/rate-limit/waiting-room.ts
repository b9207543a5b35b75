/**
 * Where typed calls wait before they become Bottleneck jobs. Bottleneck
 * cannot drop a queued job, and a queued request costs kilobytes (its
 * Request, headers, body and the async frames holding them). So only as
 * many calls as can use the next tokens go into Bottleneck's queue; the
 * rest wait here, in order, as a small record each, and an abort frees a
 * waiting call's place at once. Bottleneck still decides when every
 * request is sent.
 */

/** Leave to go into the limiter: consume() once its job is queued; release() when the call is over (no-op after consume). */
export type Admission = { consume(): void; release(): void };

/** A waiting call; `resolve` is dropped once it is let in or aborted, and pump() skips it. */
type Entry = {
  resolve: ((admission: Admission) => void) | undefined;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
};

export class WaitingRoom {
  private entries: (Entry | undefined)[] = [];
  private head = 0;
  /** Admitted but not yet queued in Bottleneck: they count against the room in it. */
  private admittedNotQueued = 0;
  /**
   * One abort listener per signal, however many calls share it: an
   * EventTarget checks each new listener against all it has, so one per
   * call would make 100 000 calls on one signal quadratic.
   */
  private readonly watched = new WeakSet<AbortSignal>();

  /** `hasRoom(admittedNotQueued)`: whether one more call may go into the limiter's queue now. */
  constructor(private readonly hasRoom: (admittedNotQueued: number) => boolean) {}

  enter(signal: AbortSignal | undefined): Promise<Admission> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.head === this.entries.length && this.hasRoom(this.admittedNotQueued)) {
      return Promise.resolve(this.admission());
    }
    if (signal && !this.watched.has(signal)) {
      this.watched.add(signal);
      signal.addEventListener("abort", () => this.abortAll(signal), { once: true });
    }
    return new Promise((resolve, reject) => {
      this.entries.push({ resolve, reject, signal });
    });
  }

  /** Lets waiting calls in while the limiter's queue has room; call it whenever a queued job starts. */
  pump(): void {
    while (this.head < this.entries.length && this.hasRoom(this.admittedNotQueued)) {
      const entry = this.entries[this.head];
      this.entries[this.head++] = undefined;
      const resolve = entry?.resolve;
      if (entry) entry.resolve = undefined;
      resolve?.(this.admission());
    }
    this.compact();
  }

  /** Every call still waiting with this signal leaves at once, rejected with its reason. */
  private abortAll(signal: AbortSignal): void {
    for (let index = this.head; index < this.entries.length; index++) {
      const entry = this.entries[index];
      if (entry?.signal !== signal || !entry.resolve) continue;
      this.entries[index] = undefined;
      entry.resolve = undefined;
      entry.reject(signal.reason);
    }
    while (this.head < this.entries.length && this.entries[this.head] === undefined) this.head++;
    this.compact();
  }

  private compact(): void {
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private admission(): Admission {
    this.admittedNotQueued++;
    let open = true;
    return {
      // Now counted in the limiter's queue instead: no place freed up.
      consume: () => {
        if (open) this.admittedNotQueued--;
        open = false;
      },
      // The call ended without being queued (e.g. it failed before): its place goes to the next.
      release: () => {
        if (!open) return;
        open = false;
        this.admittedNotQueued--;
        this.pump();
      },
    };
  }
}
