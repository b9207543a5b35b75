/**
 * The process-wide registry of limiters. Clients with the same API key and
 * budget id get the same limiter per operation (one budget); different keys
 * never share. With Redis, the Bottleneck id carries key hash, operation,
 * limit and window, so every process with the same key and id joins the
 * same cluster budget, and changed limits start a new one instead of being
 * silently ignored (Bottleneck keeps a stored limiter's old settings).
 */
import { createHash } from "node:crypto";
import Bottleneck from "bottleneck";
import { type HoldStore, localHoldStore, OperationLimiter } from "./operation-limiter.ts";
import { limitFor, type ResolvedRateLimit } from "./options.ts";
import { type RedisCommands, redisScope } from "./redis-connection.ts";
import { localLedger, redisLedger, type TokenLedger } from "./token-ledger.ts";

export type LimiterHooks = {
  onError: (error: unknown) => void;
  onDrain: (operation: string, tokens: number, delayMs: number) => void;
};

type Entry = { limiter: Promise<OperationLimiter>; users: number; owed: () => number };
const entries = new Map<string, Entry>();

/** Names a key in limiter ids and Redis keys without revealing it. */
export function keyHash(apiKey: string): string {
  return createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
}

function redisHoldStore(client: RedisCommands, key: string): HoldStore {
  const EXTEND =
    "local cur = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end return 1";
  return {
    get: async () => Number((await client.get(key)) ?? 0),
    extend: async (until) => {
      await client.eval(EXTEND, 1, key, String(until), String(Math.max(1, until - Date.now())));
    },
  };
}

/**
 * Bottleneck's local datastore yields to the event loop with setTimeout(0)
 * in submit, register and free, and Node clamps each to >= 1 ms: about 3-4 ms
 * added to every request (measured: 4.3 ms median on loopback). setImmediate
 * yields to the event loop just the same, without the clamp. Bottleneck
 * 2.19.5 is pinned; if its internals ever differ, this leaves it unchanged.
 */
function withImmediateYields(bottleneck: Bottleneck): Bottleneck {
  const store = (bottleneck as unknown as { _store?: { yieldLoop?: (t?: number) => Promise<void> } })._store;
  if (store && typeof store.yieldLoop === "function") {
    const original = store.yieldLoop.bind(store);
    store.yieldLoop = (t = 0) => (t > 0 ? original(t) : new Promise((resolve) => setImmediate(resolve)));
  }
  return bottleneck;
}

async function createLimiter(
  operation: string,
  limit: number,
  windowMs: number,
  bottleneckId: string,
  config: ResolvedRateLimit,
  hooks: LimiterHooks,
) {
  const onDrain = (tokens: number, delayMs: number) => hooks.onDrain(operation, tokens, delayMs);
  if (!config.redis) {
    const bottleneck = withImmediateYields(new Bottleneck({ reservoir: limit, id: bottleneckId }));
    bottleneck.on("error", hooks.onError);
    const ledger = localLedger(bottleneck, hooks.onError);
    return {
      limiter: new OperationLimiter(
        operation,
        limit,
        windowMs,
        bottleneck,
        ledger,
        localHoldStore(),
        hooks.onError,
        onDrain,
      ),
      owed: ledger.owed,
    };
  }
  const scope = await redisScope(config.redis);
  const bottleneck = new Bottleneck({
    reservoir: limit,
    id: bottleneckId,
    datastore: "ioredis",
    connection: scope.connection,
    clearDatastore: false,
  });
  bottleneck.on("error", hooks.onError);
  await bottleneck.ready();
  const ledger: TokenLedger = redisLedger({
    bottleneck,
    redis: scope.client,
    key: `${bottleneckId}:ledger`,
    windowMs,
    onError: hooks.onError,
  });
  const holds = redisHoldStore(scope.client, `${bottleneckId}:hold`);
  const limiter = new OperationLimiter(operation, limit, windowMs, bottleneck, ledger, holds, hooks.onError, onDrain);
  const close = limiter.close.bind(limiter);
  limiter.close = async () => {
    await close();
    await bottleneck.disconnect(false);
    scope.release();
  };
  return { limiter, owed: () => 0 };
}

/** The limiters one client uses; release() gives them back to the registry. */
export class LimiterSet {
  private readonly used = new Map<string, Entry>();
  /** Per operation: every request asks, so the lookup must be a map hit, not ids and hashes. */
  private readonly byOperation = new Map<string, Promise<OperationLimiter>>();
  private readonly resolved = new Map<string, OperationLimiter>();
  private readonly hashedKey: string;

  constructor(
    apiKey: string,
    private readonly config: ResolvedRateLimit,
    private readonly hooks: LimiterHooks,
  ) {
    this.hashedKey = keyHash(apiKey);
  }

  /** The operation's limiter, once it exists (undefined before its first use completes). */
  ready(operation: string): OperationLimiter | undefined {
    return this.resolved.get(operation);
  }

  for(operation: string): Promise<OperationLimiter> {
    let limiter = this.byOperation.get(operation);
    if (!limiter) {
      limiter = this.join(operation);
      this.byOperation.set(operation, limiter);
      limiter.then(
        (ready) => this.resolved.set(operation, ready),
        () => this.byOperation.delete(operation), // e.g. Redis unreachable: try again next time
      );
    }
    return limiter;
  }

  private join(operation: string): Promise<OperationLimiter> {
    const { limit, windowMs } = limitFor(operation, this.config);
    const scope = this.config.redis ? "redis" : "local";
    const bottleneckId = `sellers-center:${this.config.id}:${this.hashedKey}:${operation}:${limit}per${windowMs}ms`;
    const registryKey = `${scope}|${bottleneckId}|${this.config.redis && "client" in this.config.redis ? "client" : ((this.config.redis as { url?: string } | undefined)?.url ?? "")}`;
    let entry = this.used.get(registryKey);
    if (entry) return entry.limiter;
    entry = entries.get(registryKey);
    if (!entry) {
      const created = createLimiter(operation, limit, windowMs, bottleneckId, this.config, this.hooks);
      const fresh: Entry = { limiter: created.then((c) => c.limiter), users: 0, owed: () => 0 };
      created.then(
        (c) => (fresh.owed = c.owed),
        () => entries.delete(registryKey),
      );
      entries.set(registryKey, fresh);
      entry = fresh;
    }
    entry.users++;
    this.used.set(registryKey, entry);
    return entry.limiter;
  }

  /**
   * Gives this client's limiters back. A limiter nobody uses any more is
   * closed, unless (locally) it still owes tokens: a new client with the
   * same key must then find it, not a fresh full budget.
   */
  async release(): Promise<void> {
    for (const [registryKey, entry] of this.used) {
      if (--entry.users > 0) continue;
      if (entry.owed() > 0 && !this.config.redis) continue;
      entries.delete(registryKey);
      await (await entry.limiter.catch(() => undefined))?.close();
    }
    this.used.clear();
    this.byOperation.clear();
    this.resolved.clear();
  }
}
