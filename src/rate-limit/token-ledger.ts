/**
 * Who owes tokens to a limiter's reservoir, and when they are due back.
 *
 * The limiter is a sliding log built on Bottleneck's reservoir: a request
 * takes a token, and the token comes back one window after the response
 * (or failure) arrived. So at most `limit` requests reach the server in any
 * window-long span, whatever the server's window type.
 *
 * Locally a due token is a timer. Shared through Redis, a token taken by a
 * process that then dies would be lost for good, so every debt is also
 * written to a sorted set scored by its due time: the owner keeps in-flight
 * debts from coming due (a heartbeat), and any live process reclaims debts
 * that are past due. A killed worker's tokens thus come back at most about
 * one window (plus one heartbeat) after it died.
 */
import type Bottleneck from "bottleneck";

export type Debt = { readonly count: number; member?: string };

export type TokenLedger = {
  /** `count` tokens were just taken; they stay out until settle() says when they are due. */
  take(count: number): Debt;
  /** The debt is due back at `dueAt` (epoch ms); it returns to the reservoir then. */
  settle(debt: Debt, dueAt: number): void;
  /**
   * Tokens out right now, when this ledger sees them all (local). A shared
   * (Redis) ledger sees only its own process's, so it does not say.
   */
  owed?(): number;
  /** Stops timers; debts still owed stay recorded (Redis) or are dropped with the limiter (local). */
  close(): Promise<void>;
};

export function localLedger(
  bottleneck: Bottleneck,
  onError: (error: unknown) => void,
): TokenLedger & { owed(): number } {
  const timers = new Set<NodeJS.Timeout>();
  let owed = 0;
  return {
    take(count) {
      owed += count;
      return { count };
    },
    settle(debt, dueAt) {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          owed -= debt.count;
          bottleneck.incrementReservoir(debt.count).catch(onError);
        },
        Math.max(0, dueAt - Date.now()),
      );
      // A due token must not keep a finished program alive for a whole window.
      timer.unref();
      timers.add(timer);
    },
    owed: () => owed,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The few ioredis commands the ledger uses. */
export type LedgerRedis = {
  zadd(key: string, ...args: (string | number)[]): Promise<unknown>;
  zrem(key: string, member: string): Promise<number>;
  zrangebyscore(key: string, min: string | number, max: string | number): Promise<string[]>;
};

export function redisLedger(options: {
  bottleneck: Bottleneck;
  redis: LedgerRedis;
  key: string;
  windowMs: number;
  onError: (error: unknown) => void;
}): TokenLedger {
  const { bottleneck, redis, key, windowMs, onError } = options;
  // Heartbeat and reclaim period: short against the window, bounded for long windows.
  const beatMs = Math.min(1_000, Math.max(50, Math.round(windowMs / 20)));
  const owner = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  let sequence = 0;
  const inFlight = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();

  /** Returns a debt once: whoever removes the member first gives the tokens back. */
  const repay = async (member: string) => {
    if ((await redis.zrem(key, member)) === 1) {
      await bottleneck.incrementReservoir(Number(member.split(":").pop()) || 1);
    }
  };

  const heartbeat = setInterval(() => {
    const now = Date.now();
    // In-flight debts: due one window (plus a beat, for a request sent just before a crash) after now.
    const args = [...inFlight].flatMap((member) => [now + windowMs + beatMs, member]);
    const beat = args.length > 0 ? redis.zadd(key, "XX", ...args) : Promise.resolve();
    const reclaim = redis.zrangebyscore(key, "-inf", now - beatMs).then((due) => Promise.all(due.map(repay)));
    Promise.all([beat, reclaim]).catch(onError);
  }, beatMs);
  heartbeat.unref();

  return {
    take(count) {
      const member = `${owner}:${++sequence}:${count}`;
      inFlight.add(member);
      redis.zadd(key, Date.now() + windowMs + beatMs, member).catch(onError);
      return { count, member };
    },
    settle(debt, dueAt) {
      const member = debt.member as string;
      inFlight.delete(member);
      redis.zadd(key, "XX", dueAt, member).catch(onError);
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          repay(member).catch(onError);
        },
        Math.max(0, dueAt - Date.now()),
      );
      timer.unref();
      timers.add(timer);
    },
    async close() {
      clearInterval(heartbeat);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Debts stay in Redis with their due times: live processes (or the next one to start) reclaim them.
    },
  };
}
