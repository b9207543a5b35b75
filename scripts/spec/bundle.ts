/**
 * Bundles the vendor's one-endpoint-per-page fragments into one OpenAPI
 * document. Paths and components are merged; the same name defined
 * differently by two fragments is an error that names both files, because
 * silently picking one would generate types for a shape the other endpoint
 * does not have.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  security?: unknown[];
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

export type Fragment = { file: string; document: OpenApiDocument };

export class BundleConflictError extends Error {}

/** Reads every `*.json` file in `specDir`, in name order, so output is stable. */
export function readFragments(specDir: string): Fragment[] {
  const files = readdirSync(specDir)
    .filter((name) => name.endsWith(".json"))
    .sort();
  if (files.length === 0) {
    throw new Error(`No *.json spec fragment in ${specDir}: add the vendor's fragment files there.`);
  }
  return files.map((file) => {
    const text = readFileSync(join(specDir, file), "utf8");
    let document: OpenApiDocument;
    try {
      document = JSON.parse(text) as OpenApiDocument;
    } catch (error) {
      throw new Error(`spec/${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof document.openapi !== "string" || !document.openapi.startsWith("3.")) {
      throw new Error(`spec/${file} is not an OpenAPI 3.x document (no "openapi": "3.x" field).`);
    }
    return { file: `spec/${file}`, document };
  });
}

/** Merges named entries of one section, remembering which file defined each. */
function mergeNamed(
  section: string,
  target: Record<string, unknown>,
  origins: Map<string, string>,
  source: Record<string, unknown> | undefined,
  file: string,
): void {
  for (const [name, value] of Object.entries(source ?? {})) {
    const key = `${section}/${name}`;
    if (name in target) {
      if (!isDeepStrictEqual(target[name], value)) {
        throw new BundleConflictError(
          `${section} "${name}" is defined differently in ${origins.get(key)} and ${file}. ` +
            "Make the two fragments agree (or rename one) before regenerating.",
        );
      }
      continue;
    }
    target[name] = value;
    origins.set(key, file);
  }
}

export function bundleFragments(fragments: Fragment[]): OpenApiDocument {
  const [first] = fragments;
  if (!first) throw new Error("No fragments to bundle.");
  const bundled: OpenApiDocument = {
    openapi: first.document.openapi,
    info: first.document.info,
    paths: {},
    components: {},
  };
  if (first.document.security) bundled.security = first.document.security;
  const origins = new Map<string, string>();

  for (const { file, document } of fragments) {
    if (document.security && !isDeepStrictEqual(document.security, bundled.security)) {
      throw new BundleConflictError(`Top-level "security" differs between ${fragments[0]?.file} and ${file}.`);
    }
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      bundled.paths[path] ??= {};
      mergeNamed(`paths "${path}"`, bundled.paths[path], origins, item, file);
    }
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      bundled.components[section] ??= {};
      mergeNamed(
        `components.${section}`,
        bundled.components[section],
        origins,
        entries as Record<string, unknown>,
        file,
      );
    }
  }
  return bundled;
}
