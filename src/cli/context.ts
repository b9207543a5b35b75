/** What every command gets: the outside world, and a record of what it submitted (for error reports). */
import type { OutputArgs } from "./args.ts";
import type { CliIo } from "./io.ts";
import { isInteractive } from "./io.ts";
import { createProgressReporter, type ProgressReporter } from "./progress.ts";

export type CommandContext = {
  io: CliIo;
  /** Batch ids submitted or waited on so far: printed if the command then fails, so none is lost. */
  batchIds: string[];
  /** The API key once loaded, so error output can be scrubbed of it. */
  apiKey: string | undefined;
};

/** Progress on stderr: live on a terminal, plain lines otherwise, nothing with --quiet. */
export function progressFor(context: CommandContext, args: OutputArgs): ProgressReporter {
  return createProgressReporter({
    output: context.io.stderr,
    interactive: isInteractive(context.io.stderr, context.io.env),
    quiet: args.quiet,
  });
}
