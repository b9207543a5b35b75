/**
 * Where typed calls wait before they become Bottleneck jobs. Bottleneck
 * cannot drop a queued job, and a queued request costs kilobytes (its
 * Request, headers, body and the async frames holding them). So only as
 * many calls as can use the next tokens go into Bottleneck's queue; the
 * rest wait here as a few hundred bytes each, in order, and an abort frees
 * a waiting call's place at once. Bottleneck still decides when every
 * request is sent.
 */

/** Leave to go into the limiter: consume() once its job is queued; release() when the call is over (no-op after consume). */
export type Admission = { consume(): void; release(): void };

/** `admit` is dropped when the call is aborted, freeing what it held; pump() skips such entries. */
type Entry = { admit: ((admission: Admission) => void) | undefined };

export class WaitingRoom {
  private entries: (Entry | undefined)[] = [];
  private head = 0;
  /** Admitted but not yet queued in Bottleneck: they count against the room in it. */
  private admittedNotQueued = 0;

  /** `hasRoom(admittedNotQueued)`: whether one more call may go into the limiter's queue now. */
  constructor(private readonly hasRoom: (admittedNotQueued: number) => boolean) {}

  enter(signal: AbortSignal | undefined): Promise<Admission> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.head === this.entries.length && this.hasRoom(this.admittedNotQueued)) {
      return Promise.resolve(this.admission());
    }
    return new Promise((resolve, reject) => {
      const entry: Entry = {
        admit: (admission) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(admission);
        },
      };
      const onAbort = () => {
        entry.admit = undefined;
        reject(signal?.reason);
      };
      this.entries.push(entry);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Lets waiting calls in while the limiter's queue has room; call it whenever a queued job starts. */
  pump(): void {
    while (this.head < this.entries.length && this.hasRoom(this.admittedNotQueued)) {
      const admit = this.entries[this.head]?.admit;
      this.entries[this.head++] = undefined;
      admit?.(this.admission());
    }
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
