/**
 * npm run smoke: the package as its consumers get it.
 *
 * Packs the project (`npm pack`, whose prepack script builds dist/), installs
 * the tarball into fresh ESM, CommonJS and TypeScript projects in a temporary
 * folder, and runs each consumer's scenario (see consumers.ts). Dependencies
 * come from the local npm cache where possible (`--prefer-offline`).
 * Prints pass/fail per consumer, exits non-zero on any failure, and removes
 * the temporary folder.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Consumer, consumers } from "./consumers.ts";

const run = promisify(execFile);
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const tsc = join(projectRoot, "node_modules/typescript/bin/tsc");
const COMMAND_TIMEOUT_MS = 180_000;

type Outcome = { name: string; ok: boolean; log: string[]; ms: number };

function describe(error: unknown): string {
  // A failed execFile's message repeats its stderr: keep only the first line of it.
  const e = error as { message?: string; stdout?: string; stderr?: string };
  return [e.message?.split("\n")[0], e.stdout, e.stderr].filter((part) => part && part.trim() !== "").join("\n");
}

async function pack(into: string): Promise<string> {
  await run("npm", ["pack", "--silent", "--pack-destination", into], {
    cwd: projectRoot,
    timeout: COMMAND_TIMEOUT_MS,
    maxBuffer: 16 << 20,
  });
  const tarballs = (await readdir(into)).filter((file) => file.endsWith(".tgz"));
  if (tarballs.length !== 1) throw new Error(`npm pack left ${tarballs.length} tarballs in ${into}, expected 1.`);
  return join(into, tarballs[0] as string);
}

/** What must and must not be in the tarball: the build, and nothing a consumer does not need. */
async function checkTarballContents(tarball: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tzf", tarball]);
  const files = stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ""));
  const required = [
    "package.json",
    "README.md",
    "dist/index.js",
    "dist/index.cjs",
    "dist/index.d.ts",
    "dist/index.d.cts",
    "dist/sandbox.js",
    "dist/sandbox.cjs",
    "dist/sandbox.d.ts",
    "dist/sandbox.d.cts",
    "dist/cli.js",
  ];
  const problems = required.filter((file) => !files.includes(file)).map((file) => `missing ${file}`);
  const unexpected = files.filter(
    (file) => !file.startsWith("dist/") && file !== "package.json" && file !== "README.md",
  );
  if (unexpected.length > 0) problems.push(`unexpected files: ${unexpected.join(", ")}`);
  return problems;
}

async function runConsumer(consumer: Consumer, root: string, tarball: string): Promise<Outcome> {
  const started = Date.now();
  const log: string[] = [];
  const cwd = join(root, consumer.name);
  try {
    for (const [path, content] of Object.entries(consumer.files)) {
      await mkdir(dirname(join(cwd, path)), { recursive: true });
      await writeFile(join(cwd, path), content);
    }
    await run(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball, ...consumer.devPackages],
      { cwd, timeout: COMMAND_TIMEOUT_MS },
    );
    log.push(
      `  ok  npm install <tarball>${consumer.devPackages.length > 0 ? ` ${consumer.devPackages.join(" ")}` : ""}`,
    );
    // Only runtime dependencies arrive; the optional ioredis peer is not installed and not needed.
    const installed = await readdir(join(cwd, "node_modules"));
    const strays = ["vitest", "tsup", "@stoplight", "openapi-typescript", "ioredis"].filter((name) =>
      installed.includes(name),
    );
    if (strays.length > 0) throw new Error(`installing the package also installed ${strays.join(", ")}`);
    if (!existsSync(join(cwd, "node_modules/.bin/sellers-center")))
      throw new Error("the sellers-center bin was not linked into node_modules/.bin");
    log.push("  ok  only runtime dependencies installed; sellers-center bin linked");
    for (const step of consumer.steps) {
      const [file, args] =
        step.command === "tsc" ? [process.execPath, [tsc, ...step.args]] : [process.execPath, step.args];
      const { stdout } = await run(file, args, { cwd, timeout: COMMAND_TIMEOUT_MS });
      log.push(
        `  ok  ${step.label}`,
        ...stdout
          .split("\n")
          .filter(Boolean)
          .map((line) => `    ${line}`),
      );
    }
    return { name: consumer.name, ok: true, log, ms: Date.now() - started };
  } catch (error) {
    log.push(`  FAIL ${describe(error)}`);
    return { name: consumer.name, ok: false, log, ms: Date.now() - started };
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const root = await mkdtemp(join(tmpdir(), "sellers-center-smoke-"));
  try {
    console.log("Packing (npm pack runs the build)...");
    const tarball = await pack(root);
    const contentProblems = await checkTarballContents(tarball);
    console.log(
      contentProblems.length === 0
        ? "PASS tarball contents"
        : `FAIL tarball contents\n  ${contentProblems.join("\n  ")}`,
    );

    const typesNode = JSON.parse(
      await readFile(join(projectRoot, "node_modules/@types/node/package.json"), "utf8"),
    ) as { version: string };
    // Run the consumers one after another: their npm installs share the cache, and 2 cores are enough for one.
    const outcomes: Outcome[] = [];
    for (const consumer of consumers(typesNode.version)) {
      const outcome = await runConsumer(consumer, root, tarball);
      console.log(
        `${outcome.ok ? "PASS" : "FAIL"} ${outcome.name} consumer (${(outcome.ms / 1000).toFixed(1)} s)\n${outcome.log.join("\n")}`,
      );
      outcomes.push(outcome);
    }
    const failed = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.name);
    if (contentProblems.length > 0) failed.unshift("tarball contents");
    console.log(
      `\nsmoke: ${failed.length === 0 ? "all passed" : `FAILED: ${failed.join(", ")}`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return failed.length === 0 ? 0 : 1;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`smoke: could not run: ${describe(error)}`);
    process.exitCode = 1;
  },
);
