/**
 * The command line -> what to run. `node:util` parseArgs in two passes: a
 * lenient one to find the command, then a strict one with that command's
 * options, so a typo is refused with the command's usage instead of ignored.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { isSettableProductStatus, SETTABLE_PRODUCT_STATUSES, type SettableProductStatus } from "../index.ts";
import { parseDuration } from "./duration.ts";
import { UsageError } from "./usage-error.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Where the API is and which key to use. */
export type ConnectionArgs = { baseUrl: string | undefined; apiKeyFile: string | undefined };
/** How a command reports. */
export type OutputArgs = { json: boolean; quiet: boolean };
export type WaitArgs = { wait: boolean; timeoutMs: number | undefined };

export type ParsedCommand =
  | { command: "help"; topic: CommandName | undefined }
  | { command: "version" }
  | ({ command: "status"; batchRequestId: string } & ConnectionArgs & OutputArgs & WaitArgs)
  | ({
      command: "set-status";
      status: SettableProductStatus;
      /** Style keys given as arguments (`-` not included). */
      styleKeys: string[];
      /** True when `-` was given: read style keys from stdin. */
      fromStdin: boolean;
      /** `--file` paths, in order. */
      files: string[];
      batchSize: number | undefined;
    } & ConnectionArgs &
      OutputArgs &
      WaitArgs)
  | { command: "sandbox"; port: number; pendingMs: number | undefined; processingMs: number | undefined };

export const COMMAND_NAMES = ["status", "set-status", "sandbox"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

const connectionOptions = {
  "base-url": { type: "string" },
  "api-key-file": { type: "string" },
} satisfies Options;
const outputOptions = {
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} satisfies Options;
const waitOptions = {
  wait: { type: "boolean", short: "w" },
  timeout: { type: "string" },
} satisfies Options;

const COMMAND_OPTIONS = {
  status: { ...connectionOptions, ...outputOptions, ...waitOptions },
  "set-status": {
    ...connectionOptions,
    ...outputOptions,
    ...waitOptions,
    file: { type: "string", short: "f", multiple: true },
    "batch-size": { type: "string" },
  },
  sandbox: {
    port: { type: "string", short: "p" },
    "pending-ms": { type: "string" },
    "processing-ms": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
} satisfies Record<CommandName, Options>;

const TOP_LEVEL_OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies Options;

const ALL_OPTIONS: Options = Object.assign({}, TOP_LEVEL_OPTIONS, ...Object.values(COMMAND_OPTIONS));

/**
 * Flags that would put the key itself on the command line. Refused before
 * anything else, and without echoing what followed them.
 */
const KEY_ON_COMMAND_LINE = /^--(api[-_]?key|apikey|key|token)(?:=.*)?$/i;

/** Why a key flag is refused, and what to use instead. */
export const apiKeyFlagRefused = (flag: string) =>
  `${flag} is not accepted: a key on the command line is visible to every user of this machine in the process list (ps) ` +
  "and stays in your shell history. Set SELLERS_CENTER_API_KEY in the environment, or put the key in a file only you can read " +
  "(chmod 600) and pass --api-key-file <path>.";

function isCommandName(value: string | undefined): value is CommandName {
  return (COMMAND_NAMES as readonly (string | undefined)[]).includes(value);
}

/** True when the arguments ask for JSON output (checked even when they do not parse, so errors can be JSON too). */
export function wantsJson(args: readonly string[]): boolean {
  return args.includes("--json");
}

function number(
  name: string,
  value: string | undefined,
  command: CommandName,
  check: (n: number) => boolean,
  expected: string,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || !check(parsed)) {
    throw new UsageError(`--${name} must be ${expected} (got ${JSON.stringify(value)}).`, command);
  }
  return parsed;
}

function timeout(value: string | undefined, command: CommandName): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new UsageError(
      `--timeout must be a duration such as 90s, 10m, 2h or 500ms (got ${JSON.stringify(value)}).`,
      command,
    );
  return ms;
}

function strictParse(command: CommandName, args: string[]) {
  try {
    return parseArgs({ args, options: COMMAND_OPTIONS[command], allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs names the option, never the value that followed it.
    throw new UsageError(error instanceof Error ? error.message : String(error), command);
  }
}

/** Parses the arguments after `sellers-center`. Throws UsageError for anything it cannot run. */
export function parseCommandLine(args: readonly string[]): ParsedCommand {
  const optionEnd = args.indexOf("--");
  const optionArgs = optionEnd === -1 ? args : args.slice(0, optionEnd);
  const keyFlag = optionArgs.map((arg) => KEY_ON_COMMAND_LINE.exec(arg)).find((match) => match !== null);
  if (keyFlag) throw new UsageError(apiKeyFlagRefused(`--${keyFlag[1]}`));

  const { tokens } = parseArgs({
    args: [...args],
    options: ALL_OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const first = tokens.find((token) => token.kind === "positional");
  const firstValue = first?.kind === "positional" ? first.value : undefined;
  const topLevel = tokens.filter(
    (token) => token.kind === "option" && (first === undefined || token.index < first.index),
  );
  const topLevelNames = new Set(topLevel.map((token) => (token.kind === "option" ? token.name : "")));

  if (first === undefined || first.kind !== "positional") {
    if (topLevelNames.has("version")) return { command: "version" };
    if (topLevelNames.has("help")) return { command: "help", topic: undefined };
    throw new UsageError("No command given.");
  }
  if (firstValue === "help") {
    const topic = tokens.find((token) => token.kind === "positional" && token.index > first.index);
    const name = topic?.kind === "positional" ? topic.value : undefined;
    if (name !== undefined && !isCommandName(name))
      throw new UsageError(`Unknown command "${name}". Commands: ${COMMAND_NAMES.join(", ")}.`);
    return { command: "help", topic: name };
  }
  if (!isCommandName(firstValue)) {
    throw new UsageError(`Unknown command ${JSON.stringify(firstValue)}. Commands: ${COMMAND_NAMES.join(", ")}.`);
  }
  const command = firstValue;
  const rest = args.filter((_, index) => index !== first.index);
  const { values, positionals } = strictParse(command, rest);
  if (values.help) return { command: "help", topic: command };

  if (command === "sandbox") {
    const v = values as { port?: string; "pending-ms"?: string; "processing-ms"?: string };
    if (positionals.length > 0)
      throw new UsageError(`sandbox takes no arguments (got ${JSON.stringify(positionals[0])}).`, command);
    return {
      command,
      port:
        number(
          "port",
          v.port,
          command,
          (n) => Number.isInteger(n) && n >= 0 && n <= 65_535,
          "a port number 0..65535 (0: any free port)",
        ) ?? 4010,
      pendingMs: number("pending-ms", v["pending-ms"], command, (n) => n >= 0, "a number of milliseconds >= 0"),
      processingMs: number(
        "processing-ms",
        v["processing-ms"],
        command,
        (n) => n >= 0,
        "a number of milliseconds >= 0",
      ),
    };
  }

  const v = values as {
    "base-url"?: string;
    "api-key-file"?: string;
    json?: boolean;
    quiet?: boolean;
    wait?: boolean;
    timeout?: string;
    file?: string[];
    "batch-size"?: string;
  };
  const common = {
    baseUrl: v["base-url"],
    apiKeyFile: v["api-key-file"],
    json: v.json === true,
    quiet: v.quiet === true,
    wait: v.wait === true,
    timeoutMs: timeout(v.timeout, command),
  };
  if (common.timeoutMs !== undefined && !common.wait)
    throw new UsageError("--timeout only applies with --wait.", command);

  if (command === "status") {
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? "status needs a batch id."
          : `status takes one batch id (got ${positionals.length} arguments).`,
        command,
      );
    }
    return { command, batchRequestId: positionals[0] as string, ...common };
  }

  const [status, ...keys] = positionals;
  if (status === undefined)
    throw new UsageError(
      `set-status needs a status (${SETTABLE_PRODUCT_STATUSES.join(", ")}) and style keys.`,
      command,
    );
  if (!isSettableProductStatus(status)) {
    throw new UsageError(
      `${JSON.stringify(status)} is not a status a product can be set to: use ${SETTABLE_PRODUCT_STATUSES.join(", ")}.`,
      command,
    );
  }
  const files = v.file ?? [];
  const fromStdin = keys.includes("-");
  const styleKeys = keys.filter((key) => key !== "-");
  if (styleKeys.length === 0 && files.length === 0 && !fromStdin) {
    throw new UsageError(
      "set-status needs style keys: as arguments, from --file <path>, or from stdin with -.",
      command,
    );
  }
  const batchSize = number(
    "batch-size",
    v["batch-size"],
    command,
    (n) => Number.isInteger(n) && n >= 1,
    "a whole number >= 1",
  );
  return { command, status, styleKeys, fromStdin, files, batchSize, ...common };
}
