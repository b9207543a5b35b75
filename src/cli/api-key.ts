/**
 * Where the CLI's API key comes from: SELLERS_CENTER_API_KEY or a file
 * (--api-key-file), never an argument (see args.ts). The key is only handed
 * to the client; nothing here prints it.
 */
import { readFile, stat } from "node:fs/promises";
import { UsageError } from "./usage-error.ts";

export const API_KEY_ENV = "SELLERS_CENTER_API_KEY";
export const BASE_URL_ENV = "SELLERS_CENTER_BASE_URL";

export type LoadedApiKey = {
  apiKey: string /** Things worth telling the user (stderr), e.g. a key file others can read. */;
  warnings: string[];
};

const NO_KEY_HINT =
  `No API key: set ${API_KEY_ENV} (e.g. export ${API_KEY_ENV}=... in your shell profile or CI secrets) ` +
  "or pass --api-key-file <path> (a file holding just the key). Admins create keys in the Sellers Center; " +
  "the local sandbox (sellers-center sandbox) accepts sandbox-key.";

async function readKeyFile(path: string, command: string): Promise<LoadedApiKey> {
  let text: string;
  const warnings: string[] = [];
  try {
    text = await readFile(path, "utf8");
    const { mode } = await stat(path);
    if (process.platform !== "win32" && (mode & 0o077) !== 0) {
      warnings.push(
        `Warning: the API key file ${path} can be read by other users; restrict it with: chmod 600 ${path}`,
      );
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : (code ?? "unreadable");
    throw new UsageError(
      `Cannot read the API key file ${path} given with --api-key-file (${why}). Pass a file that holds just the key.`,
      command,
    );
  }
  const apiKey = text.trim();
  if (apiKey === "")
    throw new UsageError(`The API key file ${path} is empty. Put the key in it (just the key, on one line).`, command);
  if (/\s/.test(apiKey)) {
    throw new UsageError(
      `The API key file ${path} holds more than one word or line; it must hold just the key. Check that it is the right file.`,
      command,
    );
  }
  return { apiKey, warnings };
}

/** The key from --api-key-file when given, else from the environment. Throws UsageError (exit 2) when there is none. */
export async function loadApiKey(options: {
  apiKeyFile: string | undefined;
  env: NodeJS.ProcessEnv;
  command: string;
}): Promise<LoadedApiKey> {
  if (options.apiKeyFile !== undefined) return readKeyFile(options.apiKeyFile, options.command);
  const fromEnv = options.env[API_KEY_ENV]?.trim();
  if (!fromEnv) throw new UsageError(NO_KEY_HINT, options.command);
  return { apiKey: fromEnv, warnings: [] };
}
