/** A command line the CLI cannot run: wrong arguments, unreadable key file, no style keys. Exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
  /** The command whose help to point at (undefined: the global help). */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}
