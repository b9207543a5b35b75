/**
 * The `sellers-center` executable (built to dist/cli.js). Runs the command,
 * lets stdout and stderr drain, and exits with the command's code; exiting
 * explicitly means no leftover timer (e.g. a rate-limit token handed back a
 * window later) keeps a finished command alive.
 */
import { processIo } from "./io.ts";
import { runCli } from "./run.ts";

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

const io = processIo();
const exitCode = await runCli(process.argv.slice(2), io);
io.dispose();
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(exitCode);
