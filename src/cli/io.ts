/**
 * What a command may touch of the outside world, passed in rather than taken
 * from `process`, so the demo can run the same code and nothing here depends
 * on being the main module.
 */

/** A stream the CLI writes text to. `isTTY` decides between a live progress line and plain lines. */
export type TextOutput = { write(text: string): unknown; isTTY?: boolean; columns?: number };

export type CliIo = {
  stdout: TextOutput;
  stderr: TextOutput;
  /** Read only for `-` (style keys from stdin). */
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: a wait stops and reports what it submitted. */
  signal: AbortSignal;
};

/** True when `output` is a terminal that understands redrawing a line in place. */
export function isInteractive(output: TextOutput, env: NodeJS.ProcessEnv): boolean {
  return output.isTTY === true && env.TERM !== "dumb";
}

/** The real process's streams and environment, with SIGINT/SIGTERM turned into an abort. */
export function processIo(): CliIo & { dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => controller.abort(new InterruptedError(name));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

/** The reason a command was stopped by SIGINT/SIGTERM. */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  constructor(readonly signalName: NodeJS.Signals) {
    super(`Interrupted by ${signalName}.`);
  }
}
