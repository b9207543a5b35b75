/**
 * npm run spec:update -- <url-or-file>
 *
 * Brings a new or changed vendor fragment (or a whole OpenAPI document) into
 * spec/, regenerates src/generated/, and prints what changed for callers.
 * When the result does not bundle, spec/ is put back exactly as it was.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readFragments } from "./spec/bundle.ts";
import { diffBundles, formatChanges } from "./spec/diff.ts";
import { bundleSpec, generateFromSpec, writeGeneratedFiles } from "./spec/generation.ts";
import { loadSpecSource, parseOpenApi } from "./spec/source.ts";
import { planSpecFiles } from "./spec/split.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specDir = join(root, "spec");
const outDir = join(root, "src", "generated");

const USAGE = `Usage: npm run spec:update -- <url-or-file>

  <url-or-file>  an http(s) URL or a local path to an OpenAPI 3.x JSON file:
                 one endpoint's fragment, or a whole document (split into one
                 fragment per operation). A fragment replaces the file in spec/
                 that defines the same method and path.`;

const NEXT_STEPS = `Next steps:
  1. npm run typecheck     code using what changed fails here first
  2. npm test
  3. add the new file(s) to the table in spec/README.md (where each came from)
  4. commit spec/ and src/generated/ together (npm run generate:check fails in CI otherwise)`;

type SpecSnapshot = Map<string, string>;

function snapshotSpec(): SpecSnapshot {
  const jsonFiles = readdirSync(specDir).filter((name) => name.endsWith(".json"));
  return new Map(jsonFiles.map((name) => [name, readFileSync(join(specDir, name), "utf8")]));
}

/** Puts spec/'s JSON files back as they were: removes new ones, rewrites changed ones. */
function restoreSpec(snapshot: SpecSnapshot): void {
  for (const name of readdirSync(specDir)) {
    if (name.endsWith(".json") && !snapshot.has(name)) rmSync(join(specDir, name));
  }
  for (const [name, text] of snapshot) writeFileSync(join(specDir, name), text);
}

async function main(args: string[]): Promise<number> {
  const [source, ...extra] = args;
  if (!source || extra.length > 0 || source === "--help" || source === "-h") {
    console.error(USAGE);
    return source === "--help" || source === "-h" ? 0 : 2;
  }

  const incoming = await loadSpecSource(source);
  const document = parseOpenApi(incoming);
  const before = bundleSpec(specDir);
  const existing = readFragments(specDir).map((fragment) => ({
    name: basename(fragment.file),
    document: fragment.document,
  }));
  const planned = planSpecFiles(document, incoming.text, existing);

  const snapshot = snapshotSpec();
  for (const file of planned) writeFileSync(join(specDir, file.name), file.text);
  let generation: Awaited<ReturnType<typeof generateFromSpec>>;
  try {
    generation = await generateFromSpec(specDir);
  } catch (error) {
    restoreSpec(snapshot);
    console.error(`${(error as Error).message}\nspec/ was restored as it was; src/generated/ is unchanged.`);
    return 1;
  }
  writeGeneratedFiles(outDir, generation.files);

  for (const file of planned) {
    console.log(`${file.replaces ? "Replaced" : "Added"} spec/${file.name} (${file.operation})`);
  }
  console.log(`Regenerated src/generated/ (${Object.keys(generation.operations).length} operations).\n`);
  console.log(formatChanges(diffBundles(before, generation.document)));
  for (const warning of generation.warnings) console.warn(`warning: ${warning}`);
  console.log(`\n${NEXT_STEPS}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
