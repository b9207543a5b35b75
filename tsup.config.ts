/**
 * `npm run build`: the published output in dist/.
 *
 * - Library entries (`.` and `./sandbox`): ESM (.js) + CommonJS (.cjs), with
 *   declarations for each (.d.ts / .d.cts), so both kinds of consumer get types
 *   that match the module system they load.
 * - CLI (`bin`): one ESM file with a shebang; tsup makes it executable.
 *
 * Sources import each other with `.ts` extensions; esbuild bundles them and the
 * declaration step (rollup-plugin-dts) resolves them through tsconfig.build.json.
 */
import { readFileSync, rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const CLI_ENTRY = "src/cli/main.ts";

const shared: Options = {
  platform: "node",
  target: "node20",
  tsconfig: "tsconfig.build.json",
  // bottleneck and openapi-fetch are dependencies; ioredis is an optional peer,
  // loaded with import("ioredis") only when Redis is configured: never bundle them.
  external: ["ioredis"],
  sourcemap: false,
  // Two configs build into the same folder at once: cleaning is done once below.
  clean: false,
  // Keep "node:" specifiers as written (tsup strips them by default).
  removeNodeProtocol: false,
};

// esbuild keeps a shebang the entry already has; add one only if it has none.
const cliHasShebang = () => readFileSync(CLI_ENTRY, "utf8").startsWith("#!");

export default defineConfig(() => {
  rmSync("dist", { recursive: true, force: true });
  return [
    {
      ...shared,
      entry: { index: "src/index.ts", sandbox: "src/sandbox/index.ts" },
      format: ["esm", "cjs"],
      dts: true,
      // Code both entries use goes into a shared chunk (one per format), so the
      // client and the sandbox loaded together share one copy of it.
      splitting: true,
    },
    {
      ...shared,
      entry: { cli: CLI_ENTRY },
      format: ["esm"],
      dts: false,
      banner: cliHasShebang() ? undefined : { js: "#!/usr/bin/env node" },
    },
  ];
});
