/**
 * What changed between two bundled specs, as a caller of the API sees it:
 * operations added or removed, rate limits, parameters, request bodies,
 * responses, and every named schema (compared once, with the directions it
 * is used in). Each change says whether it breaks existing callers.
 */
import { isDeepStrictEqual } from "node:util";
import type { OpenApiDocument } from "./bundle.ts";
import { extractOperations, type OperationEntry } from "./operations.ts";
import { referencedComponents, resolveLocalRef as resolveRef } from "./refs.ts";
import { type BreaksWhen, type Direction, diffSchema } from "./schema-diff.ts";

export type SpecChange = {
  area: "operations" | "schemas";
  /** e.g. `PUT /api/v1/stocks parameter query "sku"` or `StockItem.sku`. */
  where: string;
  what: string;
  breaking: boolean;
};

type Node = Record<string, unknown>;

const asNode = (value: unknown): Node => (typeof value === "object" && value !== null ? (value as Node) : {});

/** Names of the component schemas reachable from `root`. */
function reachableSchemas(document: OpenApiDocument, root: unknown): string[] {
  return [...referencedComponents(document, root)]
    .filter((key) => key.startsWith("schemas/"))
    .map((key) => key.slice("schemas/".length));
}

function operationObject(document: OpenApiDocument, entry: OperationEntry): Node {
  return asNode(document.paths[entry.path]?.[entry.method.toLowerCase()]);
}

/** For each named schema, whether it is sent (request bodies, parameters) and/or read (responses). */
function schemaUsage(
  document: OpenApiDocument,
  operations: Record<string, OperationEntry>,
): Map<string, Set<Direction>> {
  const usage = new Map<string, Set<Direction>>();
  const mark = (root: unknown, direction: Direction) => {
    for (const name of reachableSchemas(document, root)) {
      if (!usage.has(name)) usage.set(name, new Set());
      usage.get(name)?.add(direction);
    }
  };
  for (const entry of Object.values(operations)) {
    const operation = operationObject(document, entry);
    mark([operation.parameters, document.paths[entry.path]?.parameters, operation.requestBody], "request");
    mark(operation.responses, "response");
  }
  return usage;
}

function breaks(when: BreaksWhen, directions: ReadonlySet<Direction>): boolean {
  if (when === "always" || when === "never") return when === "always";
  return directions.has(when);
}

function formatLimit({ limit, windowMs, source }: OperationEntry["rateLimit"]): string {
  const unit = { 1000: "second", 60000: "minute", 3600000: "hour" }[windowMs];
  const text = unit ? `${limit} per ${unit}` : `${limit} per ${windowMs} ms`;
  return source === "default" ? `${text} (default: the description states none)` : text;
}

/** Parameters by `in "name"`, path-level ones overridden by the operation's own. */
function parametersOf(document: OpenApiDocument, entry: OperationEntry): Map<string, Node> {
  const byKey = new Map<string, Node>();
  const pathLevel = document.paths[entry.path]?.parameters;
  const own = operationObject(document, entry).parameters;
  for (const list of [pathLevel, own]) {
    for (const raw of Array.isArray(list) ? list : []) {
      const parameter = resolveRef(document, raw);
      byKey.set(`${String(parameter.in)} "${String(parameter.name)}"`, parameter);
    }
  }
  return byKey;
}

/** Media type -> schema of a request body or response (after following its reference). */
function contentSchemas(document: OpenApiDocument, holder: unknown): Map<string, unknown> {
  const content = asNode(resolveRef(document, holder).content);
  return new Map(Object.entries(content).map(([type, media]) => [type, asNode(media).schema]));
}

class ChangeList {
  readonly changes: SpecChange[] = [];
  add(area: SpecChange["area"], where: string, what: string, breaking: boolean): void {
    this.changes.push({ area, where, what, breaking });
  }
}

function diffContent(
  list: ChangeList,
  where: string,
  before: Map<string, unknown>,
  after: Map<string, unknown>,
  direction: Direction,
): void {
  const directions = new Set([direction]);
  for (const [type, schema] of before) {
    if (!after.has(type))
      list.add("operations", where, `no longer ${direction === "request" ? "accepts" : "returns"} ${type}`, true);
    else
      diffSchema(schema, after.get(type), `${where} (${type})`, (at, what, when) =>
        list.add("operations", at, what, breaks(when, directions)),
      );
  }
  for (const type of after.keys()) {
    if (!before.has(type))
      list.add("operations", where, `now ${direction === "request" ? "accepts" : "may return"} ${type}`, false);
  }
}

function diffParameters(list: ChangeList, key: string, before: Map<string, Node>, after: Map<string, Node>): void {
  const sent = new Set<Direction>(["request"]);
  for (const [name, parameter] of before) {
    const now = after.get(name);
    const where = `${key} parameter ${name}`;
    if (!now) {
      list.add("operations", where, "parameter removed", true);
      continue;
    }
    if (parameter.required !== true && now.required === true) list.add("operations", where, "now required", true);
    if (parameter.required === true && now.required !== true)
      list.add("operations", where, "no longer required", false);
    diffSchema(parameter.schema, now.schema, where, (at, what, when) =>
      list.add("operations", at, what, breaks(when, sent)),
    );
  }
  for (const [name, parameter] of after) {
    if (before.has(name)) continue;
    const required = parameter.required === true;
    list.add("operations", `${key} parameter ${name}`, `parameter added${required ? " (required)" : ""}`, required);
  }
}

function diffRequestBody(
  list: ChangeList,
  key: string,
  before: OpenApiDocument,
  after: OpenApiDocument,
  was: unknown,
  now: unknown,
): void {
  const where = `${key} request body`;
  const [wasBody, nowBody] = [resolveRef(before, was), resolveRef(after, now)];
  if (was === undefined && now === undefined) return;
  if (was === undefined) {
    list.add(
      "operations",
      where,
      `request body added${nowBody.required === true ? " (required)" : ""}`,
      nowBody.required === true,
    );
    return;
  }
  if (now === undefined) {
    list.add("operations", where, "request body removed", true);
    return;
  }
  if (wasBody.required !== true && nowBody.required === true) list.add("operations", where, "now required", true);
  if (wasBody.required === true && nowBody.required !== true)
    list.add("operations", where, "no longer required", false);
  diffContent(list, where, contentSchemas(before, wasBody), contentSchemas(after, nowBody), "request");
}

function diffResponses(
  list: ChangeList,
  key: string,
  before: OpenApiDocument,
  after: OpenApiDocument,
  was: Node,
  now: Node,
): void {
  for (const code of Object.keys(was)) {
    if (!(code in now)) list.add("operations", `${key} response ${code}`, "no longer documented", false);
  }
  for (const [code, response] of Object.entries(now)) {
    const where = `${key} response ${code}`;
    if (!(code in was)) list.add("operations", where, "newly documented", false);
    else diffContent(list, where, contentSchemas(before, was[code]), contentSchemas(after, response), "response");
  }
}

function diffOperations(list: ChangeList, before: OpenApiDocument, after: OpenApiDocument): void {
  const was = extractOperations(before).operations;
  const now = extractOperations(after).operations;
  for (const key of Object.keys(was)) {
    if (!(key in now)) list.add("operations", key, "operation removed", true);
  }
  for (const [key, entry] of Object.entries(now)) {
    const old = was[key];
    if (!old) {
      list.add("operations", key, `operation added (rate limit ${formatLimit(entry.rateLimit)})`, false);
      continue;
    }
    if (!isDeepStrictEqual(old.rateLimit, entry.rateLimit)) {
      // The client reads its limits from the generated table, so callers follow a new limit without a change.
      list.add("operations", key, `rate limit ${formatLimit(old.rateLimit)} → ${formatLimit(entry.rateLimit)}`, false);
    }
    diffParameters(list, key, parametersOf(before, old), parametersOf(after, entry));
    const [oldOperation, newOperation] = [operationObject(before, old), operationObject(after, entry)];
    diffRequestBody(list, key, before, after, oldOperation.requestBody, newOperation.requestBody);
    diffResponses(list, key, before, after, asNode(oldOperation.responses), asNode(newOperation.responses));
  }
}

function diffNamedSchemas(list: ChangeList, before: OpenApiDocument, after: OpenApiDocument): void {
  const was = before.components.schemas ?? {};
  const now = after.components.schemas ?? {};
  const usage = new Map<string, Set<Direction>>();
  for (const document of [before, after]) {
    for (const [name, directions] of schemaUsage(document, extractOperations(document).operations)) {
      usage.set(name, new Set([...(usage.get(name) ?? []), ...directions]));
    }
  }
  for (const name of Object.keys(was)) {
    if (!(name in now)) list.add("schemas", name, "schema removed (its exported type goes away)", true);
  }
  for (const [name, schema] of Object.entries(now)) {
    if (!(name in was)) {
      list.add("schemas", name, "schema added", false);
      continue;
    }
    // A schema no operation uses is judged both ways: a caller may use its type either way.
    const directions = usage.get(name) ?? new Set<Direction>(["request", "response"]);
    diffSchema(was[name], schema, name, (at, what, when) => list.add("schemas", at, what, breaks(when, directions)));
  }
}

/** Every change from `before` to `after` (both bundled documents), operations first. */
export function diffBundles(before: OpenApiDocument, after: OpenApiDocument): SpecChange[] {
  const list = new ChangeList();
  diffOperations(list, before, after);
  diffNamedSchemas(list, before, after);
  return list.changes;
}

/** Human-readable report: one line per change, BREAKING ones marked, grouped by area. */
export function formatChanges(changes: SpecChange[]): string {
  if (changes.length === 0) return "No change in operations or schemas.";
  const lines: string[] = [];
  for (const area of ["operations", "schemas"] as const) {
    const inArea = changes.filter((change) => change.area === area);
    if (inArea.length === 0) continue;
    lines.push(area === "operations" ? "Operations:" : "Schemas (components.schemas):");
    for (const change of inArea) {
      lines.push(`  ${change.breaking ? "BREAKING  " : "compatible"}  ${change.where}: ${change.what}`);
    }
  }
  const breaking = changes.filter((change) => change.breaking).length;
  lines.push(
    breaking > 0
      ? `${breaking} breaking and ${changes.length - breaking} compatible change(s): code that calls the API may need changes.`
      : `${changes.length} compatible change(s), none breaking.`,
  );
  return lines.join("\n");
}
