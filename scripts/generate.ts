/**
 * npm run generate         spec/*.json -> src/generated/
 * npm run generate:check   exit 1, naming the file, when src/generated/ is stale
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleFragments, readFragments } from "./spec/bundle.ts";
import { renderGeneratedFiles } from "./spec/emit.ts";
import { applyToolFixes } from "./spec/fixes.ts";
import { extractOperations } from "./spec/operations.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specDir = join(root, "spec");
const outDir = join(root, "src", "generated");
const checkOnly = process.argv.includes("--check");

async function main(): Promise<number> {
  const document = applyToolFixes(bundleFragments(readFragments(specDir)));
  const { operations, warnings } = extractOperations(document);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  const files = await renderGeneratedFiles(document, operations);

  if (checkOnly) {
    const stale: string[] = [];
    for (const [name, content] of Object.entries(files)) {
      const path = join(outDir, name);
      if (!existsSync(path)) stale.push(`src/generated/${name} is missing`);
      else if (readFileSync(path, "utf8") !== content) stale.push(`src/generated/${name} differs from what spec/ generates`);
    }
    for (const name of existsSync(outDir) ? readdirSync(outDir) : []) {
      if (!(name in files)) stale.push(`src/generated/${name} is not generated from spec/ (remove it)`);
    }
    if (stale.length > 0) {
      for (const line of stale) console.error(line);
      console.error("Run `npm run generate` and commit src/generated/.");
      return 1;
    }
    console.log(`src/generated/ is up to date (${Object.keys(files).length} files, ${Object.keys(operations).length} operations).`);
    return 0;
  }

  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) {
    if (!(name in files)) rmSync(join(outDir, name));
  }
  for (const [name, content] of Object.entries(files)) writeFileSync(join(outDir, name), content);
  console.log(`Wrote src/generated/ (${Object.keys(operations).join(", ")}).`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
