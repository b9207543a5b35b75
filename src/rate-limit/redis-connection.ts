/**
 * The Redis side of a shared budget: one Bottleneck connection per Redis
 * client (or per URL the client connected itself), shared by every limiter
 * of the process, with a clear error when Redis cannot be reached instead of
 * requests that wait forever.
 */
import Bottleneck from "bottleneck";
import { ConfigurationError } from "../errors.ts";
import type { RateLimitOptions, RedisClientLike } from "./options.ts";
import type { LedgerRedis } from "./token-ledger.ts";

export type RedisOption = NonNullable<RateLimitOptions["redis"]>;
export type RedisCommands = RedisClientLike &
  LedgerRedis & { get(key: string): Promise<string | null>; eval(...args: unknown[]): Promise<unknown> };
export type RedisScope = {
  connection: Bottleneck.IORedisConnection;
  client: RedisCommands;
  users: number;
  release(): void;
};

/** How long the first connection may take before requests fail with a clear error. */
export const REDIS_CONNECT_TIMEOUT_MS = 10_000;

const scopes = new Map<unknown, Promise<RedisScope>>();
const scopeKey = (redis: RedisOption): unknown => ("client" in redis ? redis.client : `url:${redis.url}`);

/** host:port of a Redis URL, never its password. */
function describe(redis: RedisOption): string {
  if ("client" in redis) return "the given ioredis client";
  try {
    const url = new URL(redis.url);
    return `${url.hostname}:${url.port || 6379}`;
  } catch {
    return "the rateLimit.redis.url";
  }
}

async function openClient(redis: RedisOption): Promise<{ client: RedisClientLike; owned: boolean }> {
  if ("client" in redis) return { client: redis.client, owned: false };
  let ioredis: { Redis: new (url: string, options?: object) => RedisClientLike };
  try {
    ioredis = (await import("ioredis")) as never;
  } catch {
    throw new ConfigurationError("rateLimit.redis needs the ioredis package: npm install ioredis");
  }
  return { client: new ioredis.Redis(redis.url, { maxRetriesPerRequest: 3 }), owned: true };
}

async function connect(redis: RedisOption): Promise<RedisScope> {
  const { client, owned } = await openClient(redis);
  const emitter = client as unknown as { once(event: string, listener: (error: Error) => void): void };
  const close = () => {
    if (owned) (client as unknown as { disconnect(): void }).disconnect();
  };
  // Pass the Redis class along: Bottleneck would otherwise load ioredis with eval("require").
  const connection = new Bottleneck.IORedisConnection({ client, Redis: client.constructor } as never);
  // Bottleneck's typings say ready() is a method; at run time it is a promise property.
  const ready = (connection as unknown as { ready: Promise<unknown> }).ready;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (why: string) =>
        reject(
          new ConfigurationError(
            `Cannot reach Redis at ${describe(redis)} for the shared rate limit (${why}). Start Redis or fix rateLimit.redis; without it, use rateLimit without redis (one budget per process).`,
          ),
        );
      timer = setTimeout(() => fail(`no connection within ${REDIS_CONNECT_TIMEOUT_MS} ms`), REDIS_CONNECT_TIMEOUT_MS);
      ready.then(
        () => resolve(),
        (error: Error) => fail(error.message),
      );
      // A client we opened ourselves fails fast on its first connection error.
      if (owned) emitter.once("error", (error) => fail((error as { code?: string }).code ?? error.message));
    });
  } catch (error) {
    connection.disconnect(false);
    close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const scope: RedisScope = {
    connection,
    client: client as RedisCommands,
    users: 0,
    release() {
      if (--scope.users > 0) return;
      scopes.delete(scopeKey(redis));
      connection.disconnect(false); // returns undefined, not a promise (Bottleneck quirk)
      if (owned) (client as unknown as { quit(): Promise<unknown> }).quit().catch(() => {});
    },
  };
  return scope;
}

/** The shared connection for `redis`, opened on first use; call release() when done with it. */
export async function redisScope(redis: RedisOption): Promise<RedisScope> {
  const key = scopeKey(redis);
  let scope = scopes.get(key);
  if (!scope) {
    scope = connect(redis);
    scopes.set(key, scope);
    scope.catch(() => scopes.delete(key));
  }
  const resolved = await scope;
  resolved.users++;
  return resolved;
}
