import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../scripts/spec/bundle.ts";
import { diffBundles, formatChanges, type SpecChange } from "../scripts/spec/diff.ts";
import { fetchSpecText } from "../scripts/spec/source.ts";
import { planSpecFiles } from "../scripts/spec/split.ts";

const root = resolve(import.meta.dirname, "..");

type Node = Record<string, unknown>;

function doc(paths: Node, schemas: Node = {}): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: { title: "Sellers Center API", version: "1.0.0" },
    paths: paths as OpenApiDocument["paths"],
    components: { schemas },
  };
}

const jsonBody = (ref: string, required = true) => ({
  required,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const jsonResponse = (ref: string) => ({
  "200": { description: "OK", content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } },
});

/** A vendor-style fragment for PUT /api/v1/stocks, with the constraints the tests change. */
function stocksFragment({ maxLength = 64, warehouses = ["main", "north", "south"], summary = "Update Stocks" } = {}) {
  return {
    openapi: "3.1.0",
    info: { title: "Sellers Center API", version: "1.0.0" },
    security: [{ APIKeyAuth: [] }],
    components: {
      securitySchemes: { APIKeyAuth: { type: "apiKey", in: "header", name: "X-API-Key" } },
      schemas: {
        UpdateStocksSchema: {
          type: "object",
          properties: {
            items: { type: "array", minItems: 1, items: { $ref: "#/components/schemas/StockItemSchema" } },
          },
          required: ["items"],
        },
        StockItemSchema: {
          type: "object",
          properties: {
            sku: { type: "string", maxLength },
            warehouse: { type: "string", enum: warehouses },
            quantity: { type: "integer", minimum: 0 },
          },
          required: ["sku", "quantity"],
        },
      },
    },
    paths: {
      "/api/v1/stocks": {
        put: {
          operationId: "scapi_update_stocks",
          summary,
          description: "**Rate limit:** 1000 requests per minute",
          requestBody: jsonBody("UpdateStocksSchema"),
          responses: { "200": { description: "OK" } },
        },
      },
    },
  };
}

const describeChanges = (changes: SpecChange[]) =>
  changes.map((change) => `${change.breaking ? "BREAKING" : "compatible"} ${change.where}: ${change.what}`);

describe("diffBundles", () => {
  const item = (overrides: Node = {}) => ({
    type: "object",
    properties: { sku: { type: "string", maxLength: 64 }, size: { type: "string", enum: ["s", "m", "l"] } },
    required: ["sku"],
    ...overrides,
  });
  const sentOnly = (schema: Node) =>
    doc(
      { "/items": { put: { description: "**Rate limit:** 100 requests per minute", requestBody: jsonBody("Item") } } },
      { Item: schema },
    );
  const readOnly = (schema: Node) =>
    doc(
      {
        "/items": { get: { description: "**Rate limit:** 100 requests per minute", responses: jsonResponse("Item") } },
      },
      { Item: schema },
    );

  it("reports nothing for identical documents", () => {
    const same = sentOnly(item());
    expect(diffBundles(same, structuredClone(same))).toEqual([]);
    expect(formatChanges([])).toBe("No change in operations or schemas.");
  });

  it("flags removed operations as breaking, added ones and rate-limit changes as compatible", () => {
    const before = doc({
      "/a": { get: { description: "**Rate limit:** 200 requests per minute" } },
      "/b": { delete: { description: "**Rate limit:** 10 requests per minute" } },
    });
    const after = doc({
      "/a": { get: { description: "**Rate limit:** 150 requests per minute" } },
      "/c": { post: { description: "no limit stated" } },
    });
    expect(describeChanges(diffBundles(before, after))).toEqual([
      "BREAKING DELETE /b: operation removed",
      "compatible GET /a: rate limit 200 per minute → 150 per minute",
      "compatible POST /c: operation added (rate limit 50 per minute (default: the description states none))",
    ]);
  });

  it("flags narrowed constraints of a sent schema as breaking, widened ones as compatible", () => {
    const narrowed = item({
      properties: { sku: { type: "string", maxLength: 32 }, size: { type: "string", enum: ["s", "m", "l"] } },
    });
    const widened = item({
      properties: { sku: { type: "string", maxLength: 128 }, size: { type: "string", enum: ["s", "m", "l", "xl"] } },
    });
    expect(describeChanges(diffBundles(sentOnly(item()), sentOnly(narrowed)))).toEqual([
      "BREAKING Item.sku: maxLength 64 → 32 (narrowed)",
    ]);
    expect(describeChanges(diffBundles(sentOnly(item()), sentOnly(widened)))).toEqual([
      "compatible Item.sku: maxLength 64 → 128 (widened)",
      'compatible Item.size: enum value added: "xl"',
    ]);
  });

  it("judges a schema by the way it is used: narrowing what callers only read breaks nobody", () => {
    const narrowed = item({
      properties: { sku: { type: "string", maxLength: 32 }, size: { type: "string", enum: ["s", "m", "l"] } },
    });
    expect(diffBundles(readOnly(item()), readOnly(narrowed))).toEqual([
      { area: "schemas", where: "Item.sku", what: "maxLength 64 → 32 (narrowed)", breaking: false },
    ]);
  });

  it("flags removed enum values and properties, changed types and new required input as breaking", () => {
    const after = item({
      properties: {
        sku: { type: "integer", maxLength: 64 },
        size: { type: "string", enum: ["s", "m"] },
        colour: { type: "string" },
      },
      required: ["sku", "colour"],
    });
    const withoutSize = item({ properties: { sku: { type: "string", maxLength: 64 } } });
    expect(describeChanges(diffBundles(sentOnly(item()), sentOnly(after)))).toEqual([
      "BREAKING Item.colour: property added (required)",
      "BREAKING Item.sku: type string → integer",
      'BREAKING Item.size: enum value removed: "l"',
    ]);
    expect(describeChanges(diffBundles(readOnly(item()), readOnly(withoutSize)))).toEqual([
      "BREAKING Item.size: property removed",
    ]);
  });

  it("flags a property callers read that may now be missing as breaking, a newly guaranteed one as compatible", () => {
    const optionalSku = item({ required: [] });
    const requiredSize = item({ required: ["sku", "size"] });
    expect(describeChanges(diffBundles(readOnly(item()), readOnly(optionalSku)))).toEqual([
      "BREAKING Item.sku: no longer required",
    ]);
    expect(describeChanges(diffBundles(readOnly(item()), readOnly(requiredSize)))).toEqual([
      "compatible Item.size: now required",
    ]);
  });

  it("compares parameters: removed or newly required is breaking, new optional ones are compatible", () => {
    const withParameters = (parameters: Node[]) =>
      doc({ "/results": { get: { description: "**Rate limit:** 200 requests per minute", parameters } } });
    const before = withParameters([
      { in: "query", name: "id", required: true, schema: { type: "string" } },
      { in: "query", name: "page", required: false, schema: { type: "integer" } },
      { in: "query", name: "legacy", schema: { type: "string" } },
    ]);
    const after = withParameters([
      { in: "query", name: "id", required: true, schema: { type: "string", maxLength: 36 } },
      { in: "query", name: "page", required: true, schema: { type: "integer" } },
      { in: "query", name: "limit", schema: { type: "integer" } },
      { in: "header", name: "X-Trace", required: true, schema: { type: "string" } },
    ]);
    expect(describeChanges(diffBundles(before, after))).toEqual([
      'BREAKING GET /results parameter query "id": maxLength none → 36 (narrowed)',
      'BREAKING GET /results parameter query "page": now required',
      'BREAKING GET /results parameter query "legacy": parameter removed',
      'compatible GET /results parameter query "limit": parameter added',
      'BREAKING GET /results parameter header "X-Trace": parameter added (required)',
    ]);
  });

  it("compares inline request body and response schemas of an operation", () => {
    const operation = (minItems: number, responseProperties: Node) =>
      doc({
        "/batch": {
          put: {
            description: "**Rate limit:** 100 requests per minute",
            requestBody: { required: true, content: { "application/json": { schema: { type: "array", minItems } } } },
            responses: {
              "200": {
                content: { "application/json": { schema: { type: "object", properties: responseProperties } } },
              },
            },
          },
        },
      });
    const before = operation(1, { id: { type: "string" }, note: { type: "string" } });
    const after = operation(2, { id: { type: "string" } });
    expect(describeChanges(diffBundles(before, after))).toEqual([
      "BREAKING PUT /batch request body (application/json): minItems 1 → 2 (narrowed)",
      "BREAKING PUT /batch response 200 (application/json).note: property removed",
    ]);
  });

  it("prints breaking changes marked, grouped by area, with a count", () => {
    const report = formatChanges([
      { area: "operations", where: "PUT /x", what: "operation added", breaking: false },
      { area: "schemas", where: "Item.sku", what: "maxLength 64 → 32 (narrowed)", breaking: true },
    ]);
    expect(report).toMatch(/Operations:\n\s+compatible\s+PUT \/x: operation added\n/);
    expect(report).toMatch(/Schemas.*\n\s+BREAKING\s+Item\.sku: maxLength 64 → 32/);
    expect(report).toContain("1 breaking and 1 compatible");
  });
});

describe("planning spec/ files", () => {
  it("splits a whole document into one fragment per operation, each with only the components it references", () => {
    const whole = stocksFragment() as unknown as OpenApiDocument;
    whole.paths["/api/v1/stocks"] = {
      ...whole.paths["/api/v1/stocks"],
      get: { summary: "Get Stocks", responses: jsonResponse("StockItemSchema") },
    };
    const planned = planSpecFiles(whole, JSON.stringify(whole), []);
    expect(planned.map((file) => [file.name, file.operation])).toEqual([
      ["get-stocks.json", "GET /api/v1/stocks"],
      ["update-stocks.json", "PUT /api/v1/stocks"],
    ]);
    const getFragment = JSON.parse(planned[0]?.text ?? "") as OpenApiDocument;
    expect(Object.keys(getFragment.components.schemas ?? {})).toEqual(["StockItemSchema"]);
    expect(Object.keys(getFragment.components.securitySchemes ?? {})).toEqual(["APIKeyAuth"]);
    expect(Object.keys(getFragment.paths["/api/v1/stocks"] ?? {})).toEqual(["get"]);
  });

  it("never reuses the name of a file that holds another operation", () => {
    const existing = [{ name: "update-stocks.json", document: stocksFragment() as unknown as OpenApiDocument }];
    const other = stocksFragment() as unknown as OpenApiDocument;
    other.paths = { "/api/v2/stocks": other.paths["/api/v1/stocks"] ?? {} };
    expect(planSpecFiles(other, "{}", existing)).toMatchObject([
      { name: "update-stocks-put-api-v2-stocks.json", replaces: false },
    ]);
  });
});

describe("fetching a spec", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // Answers /spec.json at once, /missing.json with 404, and never answers anything else.
    server = createServer((request, response) => {
      if (request.url === "/spec.json") response.end(JSON.stringify(stocksFragment()));
      else if (request.url === "/missing.json") response.writeHead(404).end("not here");
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it("reads the body of an http URL", async () => {
    const { text } = await fetchSpecText(`${base}/spec.json`);
    expect(JSON.parse(text)).toEqual(stocksFragment());
  });

  it("gives up after the timeout, saying so", async () => {
    await expect(fetchSpecText(`${base}/hangs.json`, 100)).rejects.toThrow(/no response within 0\.1 s/);
  });
});

describe("npm run spec:update on a copy of the project", () => {
  let dir: string;
  let server: Server | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scc-spec-update-"));
    for (const part of ["spec", "scripts", "src/generated", "package.json"])
      cpSync(join(root, part), join(dir, part), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  });
  afterEach(async () => {
    if (server) {
      const closing = server;
      server = undefined;
      await new Promise((done) => closing.close(done));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a script of the copy and returns its exit code and output, whatever the code. */
  const runScript = (script: string, args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, ["--import", "tsx", script, ...args], { cwd: dir }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const update = (source: string) => runScript("scripts/spec-update.ts", [source]);
  const writeInput = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };
  /** spec/ and src/generated/ as name -> content, to prove a failed update touched neither. */
  const tree = () =>
    Object.fromEntries(
      ["spec", "src/generated"].flatMap((folder) =>
        readdirSync(join(dir, folder)).map((name) => [
          `${folder}/${name}`,
          readFileSync(join(dir, folder, name), "utf8"),
        ]),
      ),
    );
  const generated = (name: string) => readFileSync(join(dir, "src/generated", name), "utf8");

  it("adds a fragment for a new endpoint, named after its summary, and regenerates with its stated limit", async () => {
    const source = writeInput("stocks.json", stocksFragment());
    const { code, stdout } = await update(source);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, "spec/update-stocks.json"), "utf8")).toBe(readFileSync(source, "utf8"));
    expect(stdout).toContain("Added spec/update-stocks.json (PUT /api/v1/stocks)");
    expect(stdout).toMatch(/compatible\s+PUT \/api\/v1\/stocks: operation added \(rate limit 1000 per minute\)/);
    expect(stdout).toContain("none breaking");
    expect(stdout).toMatch(
      /Next steps:[\s\S]*typecheck[\s\S]*npm test[\s\S]*commit spec\/ and src\/generated\/ together/,
    );
    expect(generated("operations.ts")).toMatch(/"PUT \/api\/v1\/stocks": \{[\s\S]*?"limit": 1000/);
    expect(generated("schema.ts")).toContain("StockItemSchema");
    await expect(runScript("scripts/generate.ts", ["--check"])).resolves.toMatchObject({ code: 0 });
  });

  it("replaces the file defining the same endpoint and reports a narrowed maxLength and a removed enum value as breaking", async () => {
    expect((await update(writeInput("stocks.json", stocksFragment()))).code).toBe(0);
    const changed = stocksFragment({ maxLength: 32, warehouses: ["main", "north"], summary: "Set Stock Levels" });
    const { code, stdout } = await update(writeInput("stocks-v2.json", changed));
    expect(code).toBe(0);
    expect(stdout).toContain("Replaced spec/update-stocks.json (PUT /api/v1/stocks)");
    expect(readdirSync(join(dir, "spec")).filter((name) => name.includes("stock"))).toEqual(["update-stocks.json"]);
    expect(stdout).toMatch(/BREAKING\s+StockItemSchema\.sku: maxLength 64 → 32 \(narrowed\)/);
    expect(stdout).toMatch(/BREAKING\s+StockItemSchema\.warehouse: enum value removed: "south"/);
    expect(stdout).toContain("2 breaking");
    expect(generated("openapi.json")).toContain('"maxLength": 32');
  });

  it("refuses a local file that is not JSON, or is YAML, leaving spec/ and src/generated/ as they were", async () => {
    const before = tree();
    const html = await update(writeInput("page.html", "<!DOCTYPE html><html><body>Update Stocks</body></html>"));
    expect(html.code).toBe(1);
    expect(html.stderr).toMatch(/page\.html is not JSON .*<!DOCTYPE html.*Pass the raw OpenAPI JSON/);
    const yaml = await update(writeInput("stocks.yaml", "openapi: 3.1.0\ninfo:\n  title: x\n"));
    expect(yaml.code).toBe(1);
    expect(yaml.stderr).toMatch(/stocks\.yaml looks like YAML\. spec:update reads JSON only/);
    const swagger = await update(writeInput("old.json", { swagger: "2.0", paths: {} }));
    expect(swagger.stderr).toContain("is not an OpenAPI 3.x document (found Swagger 2.0)");
    expect(tree()).toEqual(before);
  });

  it("restores spec/ and exits non-zero with the conflict when the new fragment redefines a shared schema", async () => {
    const before = tree();
    const conflicting = stocksFragment() as unknown as OpenApiDocument;
    (conflicting.components.schemas as Node).UpdateProductStatusItemSchema = { type: "string", maxLength: 10 };
    const { code, stderr } = await update(writeInput("conflict.json", conflicting));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /"UpdateProductStatusItemSchema" is defined differently in spec\/get-product-status-update-batch-results\.json and spec\/update-stocks\.json/,
    );
    expect(stderr).toContain("spec/ was restored as it was");
    expect(tree()).toEqual(before);
  });

  it("fetches a whole document from a URL, splitting it into one fragment per operation; a 404 changes nothing", async () => {
    const whole = stocksFragment();
    (whole.paths["/api/v1/stocks"] as Node).get = {
      summary: "Get Stocks",
      description: "**Rate limit:** 500 requests per minute",
      responses: jsonResponse("StockItemSchema"),
    };
    server = createServer((request, response) => {
      if (request.url === "/openapi.json")
        response.setHeader("content-type", "application/json").end(JSON.stringify(whole));
      else response.writeHead(404).end();
    });
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const before = tree();
    const missing = await update(`${base}/nope.json`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Could not fetch ${base}/nope.json: HTTP 404`);
    expect(tree()).toEqual(before);

    const { code, stdout } = await update(`${base}/openapi.json`);
    expect(code).toBe(0);
    expect(stdout).toContain("Added spec/get-stocks.json (GET /api/v1/stocks)");
    expect(stdout).toContain("Added spec/update-stocks.json (PUT /api/v1/stocks)");
    const getFragment = JSON.parse(readFileSync(join(dir, "spec/get-stocks.json"), "utf8")) as OpenApiDocument;
    expect(Object.keys(getFragment.components.schemas ?? {})).toEqual(["StockItemSchema"]);
    expect(generated("operations.ts")).toMatch(/"GET \/api\/v1\/stocks": \{[\s\S]*?"limit": 500/);
    expect(generated("operations.ts")).toMatch(/"PUT \/api\/v1\/stocks": \{[\s\S]*?"limit": 1000/);
  });
});
