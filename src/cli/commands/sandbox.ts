/** `sellers-center sandbox [--port N]`: the local sandbox in the foreground until Ctrl-C / SIGTERM. */
import { startSandbox } from "../../sandbox/index.ts";
import { API_KEY_ENV } from "../api-key.ts";
import type { ParsedCommand } from "../args.ts";
import type { CommandContext } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { UsageError } from "../usage-error.ts";

export async function runSandbox(
  args: Extract<ParsedCommand, { command: "sandbox" }>,
  context: CommandContext,
): Promise<ExitCode> {
  const { io } = context;
  const batches = {
    ...(args.pendingMs === undefined ? {} : { pendingMs: args.pendingMs }),
    ...(args.processingMs === undefined ? {} : { processingMs: args.processingMs }),
  };
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({ port: args.port, batches });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new UsageError(
        `Port ${args.port} on 127.0.0.1 is already in use: pick another with --port <n> (0: any free port).`,
        "sandbox",
      );
    }
    throw error;
  }
  // The sandbox's own local key: printing it is the point (it opens nothing but this process).
  const key = sandbox.apiKeys[0] ?? "sandbox-key";
  io.stdout.write(
    `Sellers Center sandbox listening on ${sandbox.url}\n` +
      `API key: ${key}\n` +
      `Try, in another terminal:\n` +
      `  export ${API_KEY_ENV}=${key}\n` +
      `  sellers-center set-status draft ACTIVE-1 DRAFT-1 UNKNOWN-1 --base-url ${sandbox.url} --wait\n` +
      "Ctrl-C stops it.\n",
  );
  if (!io.signal.aborted) await new Promise((resolve) => io.signal.addEventListener("abort", resolve, { once: true }));
  const stats = sandbox.stats();
  await sandbox.close();
  io.stderr.write(
    `Sandbox stopped (${stats.batchesCreated} batch${stats.batchesCreated === 1 ? "" : "es"} created, ${stats.rateLimited} requests rate-limited).\n`,
  );
  return EXIT.ok;
}
