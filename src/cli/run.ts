/**
 * runCli: arguments -> command -> exit code. Everything it touches comes in
 * through `io`, so main.ts, the demo and tests all run the same code.
 */
import { parseCommandLine, wantsJson } from "./args.ts";
import { runSandbox } from "./commands/sandbox.ts";
import { runSetStatus } from "./commands/set-status.ts";
import { runStatus } from "./commands/status.ts";
import { redactKey } from "./connect.ts";
import type { CommandContext } from "./context.ts";
import { EXIT, type ExitCode } from "./exit-codes.ts";
import { helpText } from "./help.ts";
import type { CliIo } from "./io.ts";
import { reportError } from "./report-error.ts";
import { UsageError } from "./usage-error.ts";
import { packageVersion } from "./version.ts";

export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const context: CommandContext = { io, batchIds: [], apiKey: undefined };
  try {
    const parsed = parseCommandLine(args);
    switch (parsed.command) {
      case "help":
        io.stdout.write(helpText(parsed.topic));
        return EXIT.ok;
      case "version":
        io.stdout.write(`${packageVersion()}\n`);
        return EXIT.ok;
      case "status":
        return await runStatus(parsed, context);
      case "set-status":
        return await runSetStatus(parsed, context);
      case "sandbox":
        return await runSandbox(parsed, context);
    }
  } catch (error) {
    // No command at all: show the overview, as most tools do.
    if (error instanceof UsageError && error.command === undefined && args.length === 0)
      io.stderr.write(helpText(undefined));
    return reportError({
      error,
      batchIds: context.batchIds,
      json: wantsJson(args),
      stdout: io.stdout,
      stderr: io.stderr,
      redact: (text) => redactKey(text, context.apiKey),
    });
  }
}
