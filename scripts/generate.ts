/**
 * npm run generate         spec/*.json -> src/generated/
 * npm run generate:check   exit 1, naming the file, when src/generated/ is stale
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateFromSpec, staleGeneratedFiles, writeGeneratedFiles } from "./spec/generation.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specDir = join(root, "spec");
const outDir = join(root, "src", "generated");
const checkOnly = process.argv.includes("--check");

async function main(): Promise<number> {
  const { operations, warnings, files } = await generateFromSpec(specDir);
  for (const warning of warnings) console.warn(`warning: ${warning}`);

  if (checkOnly) {
    const stale = staleGeneratedFiles(outDir, files);
    if (stale.length > 0) {
      for (const line of stale) console.error(line);
      console.error("Run `npm run generate` and commit src/generated/.");
      return 1;
    }
    console.log(
      `src/generated/ is up to date (${Object.keys(files).length} files, ${Object.keys(operations).length} operations).`,
    );
    return 0;
  }

  writeGeneratedFiles(outDir, files);
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
