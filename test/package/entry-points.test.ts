/**
 * The built package (dist/, made by `npm run build`, which `npm test` runs
 * first) as Node loads it through the package's own exports map: ESM and
 * CommonJS consumers get the same API as the sources export, and loading the
 * client does not need ioredis. The full install-from-tarball check is
 * `npm run smoke`.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import * as clientSource from "../../src/index.ts";
import * as sandboxSource from "../../src/sandbox/index.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

type Loaded = { esm: string[]; cjs: string[]; esmFile: string; cjsFile: string; modulesLoaded: string[] };

/**
 * Loads an entry by package name from a plain Node process in the project root
 * (a package can import itself by name through its exports map).
 */
async function loadEntry(specifier: string): Promise<Loaded> {
  const name = JSON.stringify(specifier);
  const probe = `
    import { createRequire } from "node:module";
    import { pathToFileURL } from "node:url";
    const require = createRequire(pathToFileURL(process.cwd() + "/package.json"));
    const cjs = require(${name});
    const esm = await import(${name});
    console.log(JSON.stringify({
      esm: Object.keys(esm).filter((key) => key !== "default").sort(),
      cjs: Object.keys(cjs).sort(),
      esmFile: import.meta.resolve(${name}),
      cjsFile: require.resolve(${name}),
      modulesLoaded: Object.keys(require.cache),
    }));`;
  // One process exercises both loaders: require() for CommonJS, import() for ESM.
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", probe], { cwd: root });
  return JSON.parse(stdout) as Loaded;
}

beforeAll(() => {
  if (!existsSync(dist("index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does it first).");
});

describe("the built package", () => {
  it.each([
    ["sellers-center-client", clientSource, "index"],
    ["sellers-center-client/sandbox", sandboxSource, "sandbox"],
  ])("%s loads from ESM and CommonJS with the same exports as the sources", async (specifier, source, file) => {
    const loaded = await loadEntry(specifier);
    const sourceNames = Object.keys(source).sort();
    expect(loaded.esm).toEqual(sourceNames);
    expect(loaded.cjs).toEqual(sourceNames);
    expect(fileURLToPath(loaded.esmFile)).toBe(dist(`${file}.js`));
    expect(loaded.cjsFile).toBe(dist(`${file}.cjs`));
  });

  it("loads the client without ioredis (an optional peer, loaded only when Redis is configured)", async () => {
    const loaded = await loadEntry("sellers-center-client");
    expect(loaded.modulesLoaded.filter((path) => path.includes("ioredis"))).toEqual([]);
  });

  it("ships the CLI as an executable ESM file with a node shebang", () => {
    const cli = dist("cli.js");
    expect(readFileSync(cli, "utf8").split("\n", 1)[0]).toBe("#!/usr/bin/env node");
    expect(statSync(cli).mode & 0o111).not.toBe(0);
  });
});
