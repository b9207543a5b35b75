/**
 * Style keys for set-status: from arguments, `--file <path>` and stdin (`-`),
 * one a line. Lines are trimmed; blank lines and lines starting with `#` are
 * skipped; repeated keys are sent once.
 */
import { readFile } from "node:fs/promises";
import { UsageError } from "./usage-error.ts";

/** The style keys in a text, one a line. */
export function parseStyleKeyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

export type StyleKeySources = {
  styleKeys: string[];
  files: string[];
  fromStdin: boolean;
  stdin: NodeJS.ReadableStream;
};

/** Every style key from every source, in order, each once; `duplicates` counts the repeats dropped. */
export async function collectStyleKeys(sources: StyleKeySources): Promise<{ styleKeys: string[]; duplicates: number }> {
  const all = [...sources.styleKeys.map((key) => key.trim())];
  for (const path of sources.files) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `Cannot read --file ${path} (${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}). Pass a text file with one style key a line.`,
        "set-status",
      );
    }
    all.push(...parseStyleKeyLines(text));
  }
  if (sources.fromStdin) all.push(...parseStyleKeyLines(await readAll(sources.stdin)));
  const given = all.filter((key) => key !== "");
  const styleKeys = [...new Set(given)];
  if (styleKeys.length === 0) {
    throw new UsageError(
      "No style keys found (blank lines and # comments are skipped). Pass them as arguments, in --file <path>, or on stdin with -.",
      "set-status",
    );
  }
  return { styleKeys, duplicates: given.length - styleKeys.length };
}
