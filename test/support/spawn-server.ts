/**
 * Starts a server process for tests on 127.0.0.1 and guarantees it stops:
 * on stop(), on this process's exit, and (through orphan-guard.mjs) even
 * when this process is killed outright.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const guard = fileURLToPath(new URL("./orphan-guard.mjs", import.meta.url));

export type RunningServer = { url: string; port: number; output: () => string; stop: () => Promise<void> };

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

const live = new Set<ChildProcess>();
// SIGTERM, not SIGKILL: each child is an orphan guard, which must live long
// enough to kill the server it runs (a SIGKILLed guard would orphan it).
process.on("exit", () => {
  for (const child of live) child.kill("SIGTERM");
});

export async function spawnServer(options: {
  name: string;
  command: string;
  args: (port: number) => string[];
  /** Resolves once the server answers on `port`. */
  ready: (port: number) => Promise<boolean>;
  startTimeoutMs?: number;
}): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [guard, options.command, ...options.args(port)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  live.add(child);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output = (output + chunk).slice(-20_000);
  });
  child.stderr?.on("data", (chunk) => {
    output = (output + chunk).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await options.ready(port).catch(() => false)) {
      return { url: `http://127.0.0.1:${port}`, port, output: () => output, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${options.name} did not start on 127.0.0.1:${port}. Its output:\n${output}`);
}
