import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BundleConflictError, bundleFragments, type Fragment } from "../scripts/spec/bundle.ts";
import { applyToolFixes } from "../scripts/spec/fixes.ts";
import { extractOperations } from "../scripts/spec/operations.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");

function fragment(file: string, paths: Record<string, unknown>, schemas: Record<string, unknown> = {}): Fragment {
  return {
    file,
    document: { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: paths as never, components: { schemas } },
  };
}

describe("bundling fragments", () => {
  it("merges paths and components of all fragments", () => {
    const bundled = bundleFragments([
      fragment(
        "spec/a.json",
        { "/a": { get: { description: "x" } } },
        { Shared: { type: "string" }, A: { type: "integer" } },
      ),
      fragment(
        "spec/b.json",
        { "/b": { put: { description: "y" } } },
        { Shared: { type: "string" }, B: { type: "boolean" } },
      ),
    ]);
    expect(Object.keys(bundled.paths)).toEqual(["/a", "/b"]);
    expect(Object.keys(bundled.components.schemas ?? {})).toEqual(["Shared", "A", "B"]);
  });

  it("refuses a schema defined differently by two fragments, naming both files", () => {
    const conflicting = () =>
      bundleFragments([
        fragment("spec/a.json", {}, { Item: { type: "string" } }),
        fragment("spec/b.json", {}, { Item: { type: "string", maxLength: 5 } }),
      ]);
    expect(conflicting).toThrow(BundleConflictError);
    expect(conflicting).toThrow(/"Item".*spec\/a\.json.*spec\/b\.json/);
  });

  it("gives every response without a description one, in the bundle only", () => {
    const source = fragment("spec/a.json", {
      "/a": { get: { responses: { default: { headers: {} }, 200: { description: "OK" } } } },
    });
    const fixed = applyToolFixes(bundleFragments([source]));
    const responses =
      (fixed.paths["/a"]?.get as { responses: Record<string, { description: string }> } | undefined)?.responses ?? {};
    expect(responses.default?.description).toBeTypeOf("string");
    expect(responses["200"]?.description).toBe("OK");
    const original = source.document.paths["/a"]?.get as { responses: { default: object } } | undefined;
    expect(original?.responses.default).not.toHaveProperty("description");
  });

  it("reads each operation's rate limit from its description, and warns for a missing one", () => {
    const { operations, warnings } = extractOperations(
      bundleFragments([
        fragment("spec/a.json", {
          "/api/v1/stocks": { put: { description: "**Rate limit:** 1000 requests per minute" } },
          "/api/v1/new": { post: { description: "No limit stated" } },
        }),
      ]),
    );
    expect(operations["PUT /api/v1/stocks"]?.rateLimit).toEqual({ limit: 1000, windowMs: 60_000, source: "spec" });
    expect(operations["POST /api/v1/new"]?.rateLimit.source).toBe("default");
    expect(warnings).toEqual([expect.stringContaining("POST /api/v1/new")]);
  });
});

describe("npm run generate:check on a copy of the project", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scc-generate-"));
    for (const part of ["spec", "scripts", "src/generated", "package.json"])
      cpSync(join(root, part), join(dir, part), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const check = () => run(process.execPath, ["--import", "tsx", "scripts/generate.ts", "--check"], { cwd: dir });

  it("passes when src/generated matches the spec", async () => {
    await expect(check()).resolves.toMatchObject({ stdout: expect.stringContaining("up to date") });
  });

  it("fails, naming the file, after a fragment is edited without regenerating", async () => {
    const file = join(dir, "spec", "get-product-status-update-batch-results.json");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace("200 requests per minute", "150 requests per minute"));
    try {
      const error = (await check().catch((e: unknown) => e)) as { code: number; stderr: string };
      expect(error.code).toBe(1);
      expect(error.stderr).toContain("src/generated/openapi.json");
      expect(error.stderr).toContain("src/generated/operations.ts");
    } finally {
      writeFileSync(file, original);
    }
  });

  it("names both files when an edit makes a shared schema disagree", async () => {
    const file = join(dir, "spec", "get-product-status-update-batch-results.json");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace('"maxLength":120', '"maxLength":100'));
    try {
      const error = (await check().catch((e: unknown) => e)) as { code: number; stderr: string };
      expect(error.code).toBe(1);
      expect(error.stderr).toMatch(
        /UpdateProductStatusItemSchema.*get-product-status-update-batch-results\.json.*update-product-status\.json/,
      );
    } finally {
      writeFileSync(file, original);
    }
  });

  it("brings a new fragment's operation in by regeneration alone, warning when it states no limit", async () => {
    writeFileSync(
      join(dir, "spec", "update-stocks.json"),
      JSON.stringify({
        openapi: "3.1.0",
        info: { title: "Sellers Center API", version: "1.0.0" },
        paths: { "/api/v1/stocks": { put: { operationId: "stocks", responses: { "200": { description: "OK" } } } } },
      }),
    );
    const { stderr } = await run(process.execPath, ["--import", "tsx", "scripts/generate.ts"], { cwd: dir });
    expect(stderr).toContain("PUT /api/v1/stocks");
    expect(readFileSync(join(dir, "src/generated/operations.ts"), "utf8")).toContain('"PUT /api/v1/stocks"');
    expect(readFileSync(join(dir, "src/generated/schema.ts"), "utf8")).toContain('"/api/v1/stocks"');
  });
});
