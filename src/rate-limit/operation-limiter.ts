/**
 * One operation's budget for one API key: Bottleneck with a reservoir of
 * `limit` tokens, each returned one window after its request settled (see
 * token-ledger.ts), plus the server's signals: `X-RateLimit-Remaining: 0`
 * takes back tokens the server says are spent, and a 429 holds every
 * caller of the operation until the server's window can have reset.
 */
import type Bottleneck from "bottleneck";
import { sleep } from "../sleep.ts";
import type { Debt, TokenLedger } from "./token-ledger.ts";
import { type Admission, WaitingRoom } from "./waiting-room.ts";

/** Where the hold after a 429 is kept: in this process, or in Redis for every process sharing the key. */
export type HoldStore = {
  get(): Promise<number>;
  extend(until: number): Promise<void>;
};

export function localHoldStore(): HoldStore {
  let until = 0;
  return {
    get: async () => until,
    extend: async (value) => {
      until = Math.max(until, value);
    },
  };
}

export type RunOptions = {
  signal?: AbortSignal | undefined;
  priority?: number;
  /** The call's leave from the waiting room, used up once its job is queued. */
  admission?: Admission | undefined;
};

/** Bottleneck priorities: lower runs first. Retries go ahead of fresh requests. */
export const PRIORITY = { retry: 3, normal: 5 } as const;

export class OperationLimiter {
  private reconciling: Promise<void> = Promise.resolve();
  /** When our recent tokens came back: see noteRemaining(). */
  private readonly returnTimes: number[] = [];
  private localHoldUntil = 0;

  constructor(
    readonly operation: string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly bottleneck: Bottleneck,
    private readonly ledger: TokenLedger,
    private readonly holds: HoldStore,
    private readonly onError: (error: unknown) => void,
    /** Told when the server's `Remaining: 0` made the limiter take tokens back. */
    private readonly onDrain: (tokens: number, delayMs: number) => void = () => {},
  ) {}

  /** Bottleneck's queue holds at most about one window's worth of calls; the rest wait in the room. */
  private readonly room = new WaitingRoom(
    (admittedNotQueued) => this.queuedJobs + admittedNotQueued < Math.max(8, this.limit),
  );
  /** Jobs given to Bottleneck that have not started (Bottleneck counts its own only after a tick). */
  private queuedJobs = 0;

  /**
   * Waits, cheaply and abortably, until a call may go into the limiter's
   * queue. The typed methods pass through here before they build their
   * request, so 100 000 queued calls cost a few hundred bytes each.
   */
  admit(signal?: AbortSignal): Promise<Admission> {
    return this.room.enter(signal);
  }

  /**
   * Runs `send` while holding one token. Resolves with what `send` returns,
   * straight from inside the job (Bottleneck's own completion bookkeeping
   * is not waited for). An abort while queued rejects at once; the queued
   * job then gives its token straight back when its turn comes.
   */
  run<T>(
    send: (sentAt: number) => Promise<T>,
    { signal, priority = PRIORITY.normal, admission }: RunOptions = {},
  ): Promise<T> {
    // Bottleneck cannot drop a queued job: an abandoned one stays queued until its turn. The job
    // reaches `send` (and through it the request) only through this slot, emptied on abort, so an
    // aborted request is freed at once. (A closure naming `send` would keep it alive.)
    const slot: { send?: typeof send } = { send };
    return new Promise<T>((resolve, reject) => {
      let abandoned = false;
      const onAbort = () => {
        abandoned = true;
        slot.send = undefined;
        reject(signal?.reason);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });

      let started = false;
      const leaveQueue = () => {
        if (started) return;
        started = true;
        this.queuedJobs--;
        this.room.pump(); // a place in the queue just freed up
      };
      const job = async () => {
        leaveQueue();
        signal?.removeEventListener("abort", onAbort);
        const debt = this.ledger.take(1);
        const sendNow = slot.send;
        if (abandoned || !sendNow) return this.returnToken(debt, Date.now()); // nothing was sent
        let sent = false;
        try {
          await this.waitWhileHeld(signal);
          sent = true;
          resolve(await sendNow(Date.now()));
        } catch (error) {
          reject(error);
        } finally {
          // Sent (even if it failed or was aborted in flight): the server may count it, so keep the token one window.
          this.returnToken(debt, Date.now() + (sent ? this.windowMs : 0));
        }
      };
      this.queuedJobs++;
      admission?.consume();
      this.bottleneck.schedule({ priority }, job).catch((error: unknown) => {
        leaveQueue();
        if (!abandoned) reject(error);
        this.onError(error);
      });
    });
  }

  /**
   * Tokens free by our own books. Locally the ledger counts them exactly;
   * shared through Redis, the reservoir is read (one round trip).
   */
  private freeTokens(): Promise<number | undefined> {
    const owed = this.ledger.owed?.();
    if (owed !== undefined) return Promise.resolve(this.limit - owed);
    return this.bottleneck.currentReservoir().then(
      (value) => value ?? undefined,
      () => undefined,
    );
  }

  private returnToken(debt: Debt, dueAt: number): void {
    this.ledger.settle(debt, dueAt);
    const log = this.returnTimes;
    log.push(dueAt);
    if (log.length > 4 * this.limit) log.splice(0, log.length - 2 * this.limit);
  }

  /** Tokens of ours that came (or are due) back in (from, to]. */
  private returnedBetween(from: number, to: number): number {
    let count = 0;
    for (const at of this.returnTimes) if (at > from && at <= to) count++;
    return count;
  }

  /** Until the 429 hold (ours or, through Redis, another process's) is over. */
  private async waitWhileHeld(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const until = Math.max(this.localHoldUntil, await this.holds.get());
      const wait = until - Date.now();
      if (wait <= 0) return;
      await sleep(wait, signal);
    }
  }

  /**
   * Compares the server's `X-RateLimit-Remaining` with our own books as the
   * response arrives. Every request the server counted when this one
   * arrived is one we still hold a token for, or one whose token came back
   * while this request was under way (it may have reached the server before
   * the window moved on). So the server should report at least as many left
   * as that. If it reports fewer, the difference was spent by someone this
   * limiter does not see (another tool on the same key): take that many
   * tokens back until the server's window can have reset. At 0 this holds
   * the queue entirely. (Our books at send time would not do: concurrent
   * requests can reach the server in another order than they were sent.)
   */
  noteRemaining(remaining: number | undefined, sentAt: number): void {
    if (remaining === undefined) return;
    this.reconciling = this.reconciling
      .then(async () => {
        const free = await this.freeTokens();
        if (free === undefined) return;
        const unseen = free - this.returnedBetween(sentAt, Date.now()) - remaining;
        if (unseen <= 0) return;
        const current = (await this.bottleneck.currentReservoir()) ?? 0;
        const drain = Math.min(unseen, current);
        if (drain <= 0) return;
        await this.bottleneck.incrementReservoir(-drain);
        this.ledger.settle(this.ledger.take(drain), Date.now() + this.windowMs);
        this.onDrain(drain, this.windowMs);
      })
      .catch(this.onError);
  }

  /** After a 429: nobody sends this operation with this key until `delayMs` has passed. */
  async hold(delayMs: number): Promise<void> {
    const until = Date.now() + delayMs;
    this.localHoldUntil = Math.max(this.localHoldUntil, until);
    await this.holds.extend(until).catch(this.onError);
  }

  async close(): Promise<void> {
    await this.ledger.close();
  }
}
