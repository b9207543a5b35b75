/**
 * The fresh consumer projects the smoke test installs the packed tarball into:
 * plain ESM, plain CommonJS, and TypeScript (strict, NodeNext). Each one
 * starts the sandbox from `sellers-center-client/sandbox`, calls both
 * operations through the client, and runs the installed `sellers-center` bin
 * (`--help`, and `status <id>` against the sandbox).
 *
 * The sources are strings, not files, so the project's own typecheck never
 * sees them (it could only resolve "sellers-center-client" to a built dist/).
 */

export type Consumer = {
  name: string;
  /** Files to write into the fresh project, by relative path. */
  files: Record<string, string>;
  /** Extra packages to install next to the tarball (from the local npm cache). */
  devPackages: string[];
  /** Commands to run in the project, in order, after installing. `tsc` is the project's own compiler. */
  steps: { label: string; command: "node" | "tsc"; args: string[] }[];
};

const API_KEY = "sandbox-key";

/** The scenario, written so it is valid JavaScript and valid strict TypeScript alike. */
const scenario = `
const execFileAsync = promisify(execFile);

/** Runs the installed bin the way a user would (npx, no download), while this process serves the sandbox. */
async function cli(args${"/*: string[]*/"}) {
  const { stdout } = await execFileAsync("npx", ["--no", "--", "sellers-center", ...args], {
    env: { ...process.env, SELLERS_CENTER_API_KEY: "${API_KEY}", NO_COLOR: "1" },
    timeout: 60_000,
  });
  return stdout;
}

function check(condition${"/*: boolean*/"}, what${"/*: string*/"}) {
  if (!condition) throw new Error("check failed: " + what);
  console.log("  ok  " + what);
}

async function main() {
  const sandbox = await startSandbox({ port: 0, apiKeys: ["${API_KEY}"] });
  try {
    const client = createSellersCenterClient({ apiKey: "${API_KEY}", baseUrl: sandbox.url });
    const submitted = await client.updateProductStatus([{ style_key: "ACTIVE-1", status: "inactive" }]);
    check(typeof submitted.batchRequestId === "string" && submitted.batchRequestId.length > 0, "updateProductStatus returns a batch id");
    const results = await client.getProductStatusResults(submitted.batchRequestId);
    check(results.batchRequestId === submitted.batchRequestId, "getProductStatusResults reads the same batch");
    check(isKnownRequestStatus(results.status), "the batch status is one the spec knows (" + results.status + ")");
    try {
      await client.getProductStatusResults("not-a-uuid");
      check(false, "an invalid batch id is rejected");
    } catch (error) {
      check(error instanceof ValidationError, "an invalid batch id is rejected with a ValidationError");
    }
    await client.close();

    const help = await cli(["--help"]);
    check(help.includes("status"), "npx sellers-center --help lists the commands");
    const status = await cli(["status", submitted.batchRequestId, "--base-url", sandbox.url, "--json"]);
    const shown = JSON.parse(status);
    check(shown.batchRequestId === submitted.batchRequestId && isKnownRequestStatus(shown.status), "npx sellers-center status <id> --json reads the batch from the sandbox");
    check(!status.includes("${API_KEY}"), "the status output does not contain the API key");
  } finally {
    await sandbox.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/** Never called: proves the declarations are real types, not `any` (an unused @ts-expect-error fails the build). */
const typesAreReal = `
export function rejectsWhatTheApiRejects(client: ReturnType<typeof createSellersCenterClient>): void {
  // @ts-expect-error "archived" is not a status a product can be set to.
  void client.updateProductStatus([{ style_key: "ACTIVE-1", status: "archived" }]);
  // @ts-expect-error a batch id is a string.
  void client.getProductStatusResults(42);
}
`;

/** The scenario with its annotations switched on (TypeScript) or left as comments (JavaScript). */
const typed = scenario.replaceAll(/\/\*(: [^*]+)\*\//g, "$1") + typesAreReal;

const esmImports = `import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ValidationError, createSellersCenterClient, isKnownRequestStatus } from "sellers-center-client";
import { startSandbox } from "sellers-center-client/sandbox";
`;

const cjsImports = `const { execFile } = require("node:child_process");
const { promisify } = require("node:util");
const { ValidationError, createSellersCenterClient, isKnownRequestStatus } = require("sellers-center-client");
const { startSandbox } = require("sellers-center-client/sandbox");
`;

/** A CommonJS TypeScript module: compiled as CJS under NodeNext, so it checks the .d.cts declarations. */
const typedCjsCheck = `import { type SellersCenterClient, type ProductStatusItem, createSellersCenterClient } from "sellers-center-client";
import { type Sandbox, startSandbox } from "sellers-center-client/sandbox";

export async function submit(items: ProductStatusItem[]): Promise<string> {
  const sandbox: Sandbox = await startSandbox({ port: 0 });
  const client: SellersCenterClient = createSellersCenterClient({ apiKey: "${API_KEY}", baseUrl: sandbox.url });
  try {
    return (await client.updateProductStatus(items)).batchRequestId;
  } finally {
    await client.close();
    await sandbox.close();
  }
}
${typesAreReal}`;

const packageJson = (name: string, type: "module" | "commonjs") =>
  `${JSON.stringify({ name: `smoke-${name}`, version: "0.0.0", private: true, type }, null, 2)}\n`;

export function consumers(typesNodeVersion: string): Consumer[] {
  return [
    {
      name: "esm",
      files: { "package.json": packageJson("esm", "module"), "index.js": esmImports + scenario },
      devPackages: [],
      steps: [{ label: "node index.js", command: "node", args: ["index.js"] }],
    },
    {
      name: "cjs",
      files: { "package.json": packageJson("cjs", "commonjs"), "index.js": cjsImports + scenario },
      devPackages: [],
      steps: [{ label: "node index.js", command: "node", args: ["index.js"] }],
    },
    {
      name: "typescript",
      files: {
        "package.json": packageJson("typescript", "module"),
        "tsconfig.json": `${JSON.stringify(
          {
            compilerOptions: {
              target: "ES2022",
              module: "NodeNext",
              moduleResolution: "NodeNext",
              strict: true,
              noUncheckedIndexedAccess: true,
              exactOptionalPropertyTypes: true,
              // Check the package's own declarations too, not only our use of them.
              skipLibCheck: false,
              types: ["node"],
              outDir: "out",
              noEmitOnError: true,
            },
            include: ["src"],
          },
          null,
          2,
        )}\n`,
        "src/index.ts": esmImports + typed,
        "src/cjs-check.cts": typedCjsCheck,
      },
      devPackages: [`@types/node@${typesNodeVersion}`],
      steps: [
        // One compiler run: it type-checks (strict, NodeNext) and, only if that passes, emits out/.
        { label: "tsc -p . (strict, NodeNext, noEmitOnError)", command: "tsc", args: ["-p", "."] },
        { label: "node out/index.js", command: "node", args: ["out/index.js"] },
      ],
    },
  ];
}
