/**
 * The HTTP side: binds 127.0.0.1, reads requests into the pipeline, carries
 * out its replies (with their delays), and on close() ends every socket,
 * hanging ones included, and cancels pending delays.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createAuth } from "./auth.ts";
import { BatchStore } from "./batch-store.ts";
import { FaultInjector } from "./faults.ts";
import { MAX_BODY_BYTES } from "./handlers.ts";
import { resolveOptions, type SandboxOptions } from "./options.ts";
import { createPipeline, type IncomingRequest, type Reply } from "./pipeline.ts";
import { RateWindows } from "./rate-window.ts";
import { type SandboxStats, StatsRecorder } from "./stats.ts";

/**
 * A running sandbox, as {@link startSandbox} resolves it.
 *
 * @example
 * const sandbox: Sandbox = await startSandbox();
 * const client = createSellersCenterClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKeys[0] });
 * // ... use the client, then:
 * await client.close();
 * await sandbox.close();
 */
export type Sandbox = {
  /** Base URL, e.g. `http://127.0.0.1:41234`: pass it as the client's `baseUrl`. */
  url: string;
  /** The accepted API keys (give one to the client; stats show them as `key#1`, `key#2`, ...). */
  apiKeys: string[];
  /** A snapshot of what the sandbox has seen so far. */
  stats(): SandboxStats;
  /** Starts the stats afresh (batches, catalogue and rate windows stay as they are). */
  resetStats(): void;
  /** Stops listening and ends every connection, hanging ones included. */
  close(): Promise<void>;
};

/** The body as text, or undefined when it is larger than MAX_BODY_BYTES. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/**
 * Starts a sandbox on 127.0.0.1 (a free port unless `options.port` says otherwise).
 *
 * @example
 * import { startSandbox } from "sellers-center-client/sandbox";
 * const sandbox = await startSandbox({ batches: { pendingMs: 50, processingMs: 100 } });
 * const client = createSellersCenterClient({ baseUrl: sandbox.url, apiKey: "sandbox-key" });
 * const summary = await client.setProductStatus([{ style_key: "ACTIVE-1", status: "inactive" }]);
 * await client.close();
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config = resolveOptions(options);
  const stats = new StatsRecorder(config.statsWindowMs);
  const pipeline = createPipeline({
    config,
    auth: createAuth(config.apiKeys),
    windows: config.rateLimit ? new RateWindows(config.rateLimit) : undefined,
    stats,
    store: new BatchStore(config.batches, config.now()),
    faults: new FaultInjector(config.faults),
  });

  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  function later(delayMs: number, action: () => void): void {
    if (delayMs <= 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, delayMs);
    timers.add(timer);
  }

  function carryOut(reply: Reply, request: IncomingMessage, response: ServerResponse): void {
    if (reply.kind === "hang") return; // the socket stays open; close() or the client ends it
    later(reply.delayMs, () => {
      if (closed || response.destroyed) return;
      if (reply.kind === "drop") {
        request.socket.destroy();
        return;
      }
      response.writeHead(reply.status, { ...reply.headers, "content-length": String(Buffer.byteLength(reply.body)) });
      response.end(reply.body);
    });
  }

  const server = createServer((request, response) => {
    const incoming: IncomingRequest = {
      method: request.method ?? "GET",
      url: request.url ?? "/",
      apiKeyHeader: request.headers["x-api-key"],
      readBody: () => readBody(request),
    };
    pipeline(incoming).then(
      (reply) => carryOut(reply, request, response),
      (error: unknown) => {
        // A bug in the sandbox, not a simulated fault: say so plainly.
        const body = JSON.stringify({
          message: `Sandbox internal error: ${error instanceof Error ? error.message : String(error)}`,
        });
        if (!response.headersSent && !response.destroyed)
          response.writeHead(500, { "content-type": "application/json; charset=utf-8" }).end(body);
      },
    );
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKeys: [...config.apiKeys],
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
