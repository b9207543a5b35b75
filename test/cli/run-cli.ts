/**
 * Runs the BUILT command (`node dist/cli.js`) as a child process, the way a
 * user runs it, with a clean environment (no SELLERS_CENTER_API_KEY unless a
 * test sets one). Children are killed if a test ends or this process exits
 * before they do.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI_PATH = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export type CliRun = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export function requireBuiltCli(): string {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${CLI_PATH} does not exist: run \`npm run build\` first (\`npm test\` builds before testing).`);
  }
  return CLI_PATH;
}

export type RunOptions = {
  /** Extra environment variables (the child gets only PATH besides these). */
  env?: Record<string, string>;
  /** Written to the child's stdin, which is then closed. */
  stdin?: string;
  /** Called once the child has started, e.g. to send it a signal. */
  onSpawn?: (child: ChildProcess) => void;
  /** Kill the child after this long (a hung command fails its test instead of the whole run). Default 20 s. */
  killAfterMs?: number;
  /** Run this instead of the built CLI (e.g. ["--import", "tsx", "scripts/demo.ts"]). */
  nodeArgs?: string[];
};

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const nodeArgs = options.nodeArgs ?? [requireBuiltCli()];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    live.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      live.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? "");
    options.onSpawn?.(child);
  });
}

/** Waits until `read()` contains `text` (e.g. a line on a child's stdout). */
export async function waitForOutput(read: () => string, text: string | RegExp, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  const found = () => (typeof text === "string" ? read().includes(text) : text.test(read()));
  while (!found()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${String(text)}; got:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting ANSI escapes is the point
export const ANSI_ESCAPE = /\u001b\[/;
