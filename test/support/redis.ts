/**
 * A real redis-server (Debian's package) on a free loopback port. In CI a
 * missing redis-server fails the run; on a developer machine without it
 * the Redis tests skip, saying why.
 */
import { execFileSync } from "node:child_process";
import { connect } from "node:net";
import { type RunningServer, spawnServer } from "./spawn-server.ts";

export function redisServerPath(): string | undefined {
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const redisMissingReason =
  "redis-server is not installed (apt-get install redis-server); Redis-shared limits are not tested on this machine";

/** True when the Redis tests may skip: only outside CI. */
export function mayskipRedis(): boolean {
  if (redisServerPath()) return false;
  if (process.env.CI) throw new Error(`${redisMissingReason}. CI must install it (.ci/run does).`);
  return true;
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.setTimeout(1_000);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export function startRedis(): Promise<RunningServer> {
  const binary = redisServerPath();
  if (!binary) throw new Error(redisMissingReason);
  return spawnServer({
    name: "redis-server",
    command: binary,
    args: (port) => ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    ready: pings,
  }).then((server) => ({ ...server, url: `redis://127.0.0.1:${server.port}` }));
}
