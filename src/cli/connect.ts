/** The client a command talks through: key from the environment or a file, base URL from --base-url or the environment. */
import { createSellersCenterClient, type SellersCenterClient } from "../index.ts";
import { BASE_URL_ENV, loadApiKey } from "./api-key.ts";
import type { ConnectionArgs } from "./args.ts";
import type { TextOutput } from "./io.ts";

/** Replaces the key wherever it appears in `text`. */
export function redactKey(text: string, apiKey: string | undefined): string {
  return apiKey ? text.split(apiKey).join("[REDACTED]") : text;
}

export type Connection = { client: SellersCenterClient; apiKey: string };

export async function connect(
  args: ConnectionArgs,
  options: { env: NodeJS.ProcessEnv; stderr: TextOutput; command: string },
): Promise<Connection> {
  const { apiKey, warnings } = await loadApiKey({
    apiKeyFile: args.apiKeyFile,
    env: options.env,
    command: options.command,
  });
  for (const warning of warnings) options.stderr.write(`${warning}\n`);
  const baseUrl = args.baseUrl ?? (options.env[BASE_URL_ENV] || undefined);
  const client = createSellersCenterClient({
    apiKey,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    // Limiter background errors (e.g. Redis) go to stderr, never stdout; the client redacts them.
    onError: (error) =>
      options.stderr.write(`Warning: ${redactKey(error instanceof Error ? error.message : String(error), apiKey)}\n`),
  });
  return { client, apiKey };
}
