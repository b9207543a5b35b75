/**
 * spec/ -> the contents of src/generated/, and the two ways to use them
 * (compare, write). Shared by `npm run generate` and `npm run spec:update`
 * so both regenerate exactly the same way.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleFragments, type OpenApiDocument, readFragments } from "./bundle.ts";
import { renderGeneratedFiles } from "./emit.ts";
import { applyToolFixes } from "./fixes.ts";
import { extractOperations, type OperationEntry } from "./operations.ts";

export type Generation = {
  /** The bundled document with tool fixes applied (what src/generated/openapi.json holds). */
  document: OpenApiDocument;
  operations: Record<string, OperationEntry>;
  warnings: string[];
  /** File name in src/generated/ -> content. */
  files: Record<string, string>;
};

/** The bundled document with tool fixes applied; throws BundleConflictError when fragments disagree. */
export function bundleSpec(specDir: string): OpenApiDocument {
  return applyToolFixes(bundleFragments(readFragments(specDir)));
}

/** Bundles spec/ and renders src/generated/. */
export async function generateFromSpec(specDir: string): Promise<Generation> {
  const document = bundleSpec(specDir);
  const { operations, warnings } = extractOperations(document);
  const files = await renderGeneratedFiles(document, operations);
  return { document, operations, warnings, files };
}

/** One line per file in `outDir` that is missing, differs, or should not be there. */
export function staleGeneratedFiles(outDir: string, files: Record<string, string>): string[] {
  const stale: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(outDir, name);
    if (!existsSync(path)) stale.push(`src/generated/${name} is missing`);
    else if (readFileSync(path, "utf8") !== content)
      stale.push(`src/generated/${name} differs from what spec/ generates`);
  }
  for (const name of existsSync(outDir) ? readdirSync(outDir) : []) {
    if (!(name in files)) stale.push(`src/generated/${name} is not generated from spec/ (remove it)`);
  }
  return stale;
}

/** Makes `outDir` hold exactly `files`. */
export function writeGeneratedFiles(outDir: string, files: Record<string, string>): void {
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) {
    if (!(name in files)) rmSync(join(outDir, name));
  }
  for (const [name, content] of Object.entries(files)) writeFileSync(join(outDir, name), content);
}
