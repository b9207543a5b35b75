/**
 * Where `npm run spec:update` gets a spec from: an http(s) URL or a local
 * file, read as JSON and checked to be an OpenAPI 3.x document with at least
 * one operation. Every failure says what was wrong and what to do instead.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { OpenApiDocument } from "./bundle.ts";

export const FETCH_TIMEOUT_MS = 30_000;
export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

export class SpecSourceError extends Error {}

export type SpecSource = { label: string; text: string };

export async function fetchSpecText(url: string, timeoutMs = FETCH_TIMEOUT_MS): Promise<SpecSource> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  } catch (error) {
    const reason =
      (error as Error).name === "TimeoutError"
        ? `no response within ${timeoutMs / 1000} s`
        : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
    throw new SpecSourceError(
      `Could not fetch ${url}: ${reason}. Check the URL and your network, or download the file and pass its path.`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SpecSourceError(
      `Could not fetch ${url}: HTTP ${response.status} ${response.statusText}. Check the URL (it must serve the raw OpenAPI JSON).`,
    );
  }
  return { label: url, text: await response.text() };
}

export function readSpecFile(path: string): SpecSource {
  const absolute = resolve(path);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new SpecSourceError(`${path} is not a file. Pass the path of an OpenAPI JSON file or an http(s) URL.`);
  }
  return { label: path, text: readFileSync(absolute, "utf8") };
}

export function loadSpecSource(urlOrPath: string): Promise<SpecSource> {
  return /^https?:\/\//i.test(urlOrPath) ? fetchSpecText(urlOrPath) : Promise.resolve(readSpecFile(urlOrPath));
}

function looksLikeYaml(text: string): boolean {
  return /^(---|(openapi|swagger|info|paths)\s*:)/m.test(text.trimStart());
}

/** Parses and checks the text; returns the document as written (nothing is changed). */
export function parseOpenApi({ label, text }: SpecSource): OpenApiDocument {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    if (looksLikeYaml(text)) {
      throw new SpecSourceError(
        `${label} looks like YAML. spec:update reads JSON only (the project has no YAML parser among its dependencies): get the JSON version of the spec, or convert the file to JSON first.`,
      );
    }
    const start = JSON.stringify(text.trimStart().slice(0, 40));
    throw new SpecSourceError(
      `${label} is not JSON (${(error as Error).message}; it starts with ${start}). Pass the raw OpenAPI JSON, not a documentation page.`,
    );
  }
  const node = (typeof document === "object" && document !== null ? document : {}) as Record<string, unknown>;
  if (typeof node.openapi !== "string" || !node.openapi.startsWith("3.")) {
    const found =
      typeof node.swagger === "string"
        ? `Swagger ${node.swagger}`
        : `"openapi": ${JSON.stringify(node.openapi ?? null)}`;
    throw new SpecSourceError(
      `${label} is not an OpenAPI 3.x document (found ${found}). Only OpenAPI 3.x JSON is supported.`,
    );
  }
  const paths = node.paths;
  const hasOperation =
    typeof paths === "object" &&
    paths !== null &&
    Object.values(paths).some((item) => HTTP_METHODS.some((method) => typeof item?.[method] === "object"));
  if (!hasOperation) {
    throw new SpecSourceError(`${label} defines no operation under "paths": nothing to add to spec/.`);
  }
  return node as OpenApiDocument;
}
