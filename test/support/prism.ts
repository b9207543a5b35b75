/** Starts `prism mock` (or `prism proxy`) on the bundled spec, on a free loopback port. */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, spawnServer } from "./spawn-server.ts";

const require = createRequire(import.meta.url);
const prismPackage = require.resolve("@stoplight/prism-cli/package.json");
const prismBin = join(
  dirname(prismPackage),
  (require(prismPackage) as { bin: Record<string, string> }).bin.prism ?? "dist/index.js",
);
export const bundledSpec = fileURLToPath(new URL("../../src/generated/openapi.json", import.meta.url));

async function answers(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/results/status`, {
    signal: AbortSignal.timeout(1_000),
  });
  await response.arrayBuffer();
  return true;
}

export function startPrismMock(options: { dynamic?: { seed: number } } = {}): Promise<RunningServer> {
  const extra = options.dynamic ? ["-d", "--seed", String(options.dynamic.seed)] : [];
  return spawnServer({
    name: "prism mock",
    command: process.execPath,
    args: (port) => [prismBin, "mock", "-h", "127.0.0.1", "-p", String(port), ...extra, bundledSpec],
    ready: answers,
  });
}

/** `prism proxy` in validation mode: forwards to `upstream` and reports violations in `sl-violations`. */
export function startPrismProxy(upstream: string): Promise<RunningServer> {
  return spawnServer({
    name: "prism proxy",
    command: process.execPath,
    args: (port) => [prismBin, "proxy", "-h", "127.0.0.1", "-p", String(port), bundledSpec, upstream],
    ready: answers,
  });
}
