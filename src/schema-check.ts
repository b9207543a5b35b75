/**
 * A small checker for the JSON Schema subset the vendor's spec uses (type,
 * properties, required, items, minItems/maxItems, minLength/maxLength,
 * enum, anyOf, format uuid, local $ref). Validation, response parsing and
 * the sandbox all read their rules from the generated spec through it, so
 * a spec change moves the rules by regeneration alone.
 */
import { openapiDocument } from "./generated/openapi.ts";

export type SchemaProblem = { path: string; message: string };
type Schema = Record<string, unknown>;
export type CheckMode = {
  /** Check `format` (uuid). Requests: yes. Responses: no (be liberal in what you accept). */
  formats: boolean;
};

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function resolveRef(ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported, got ${ref}`);
  let node: unknown = openapiDocument;
  for (const segment of ref.slice(2).split("/")) {
    node = (node as Record<string, unknown> | undefined)?.[segment.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  if (!node || typeof node !== "object") throw new Error(`Unresolvable $ref ${ref}`);
  return node as Schema;
}

/** The schema with its $ref (if any) resolved. */
export function deref(schema: Schema): Schema {
  return typeof schema.$ref === "string" ? deref(resolveRef(schema.$ref)) : schema;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `a string`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

export function checkSchema(value: unknown, rawSchema: Schema, path: string, mode: CheckMode): SchemaProblem[] {
  const schema = deref(rawSchema);
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as Schema[]).map((branch) => checkSchema(value, branch, path, mode));
    if (branches.some((problems) => problems.length === 0)) return [];
    return branches.sort((a, b) => a.length - b.length)[0] ?? [];
  }
  const type = schema.type as string | undefined;
  if (type && !typeMatches(type, value)) {
    return [
      {
        path,
        message: `must be ${type === "object" || type === "array" ? `an ${type}` : `a ${type}`} (got ${describe(value)})`,
      },
    ];
  }
  const problems: SchemaProblem[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    problems.push({
      path,
      message: `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")} (got ${JSON.stringify(value)})`,
    });
  }
  if (typeof value === "string") {
    // JSON Schema counts characters (code points), not UTF-16 units: "𝔸" is one character, two units.
    const length = [...value].length;
    if (typeof schema.maxLength === "number" && length > schema.maxLength) {
      problems.push({ path, message: `must be at most ${schema.maxLength} characters (got ${length})` });
    }
    if (typeof schema.minLength === "number" && length < schema.minLength) {
      problems.push({ path, message: `must be at least ${schema.minLength} characters (got ${length})` });
    }
    if (mode.formats && schema.format === "uuid" && !UUID_PATTERN.test(value)) {
      problems.push({
        path,
        message: `must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6 (got ${JSON.stringify(value.slice(0, 60))})`,
      });
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) {
      problems.push({
        path,
        message: `must have at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"} (got ${value.length})`,
      });
    }
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
      problems.push({ path, message: `must have at most ${schema.maxItems} items (got ${value.length})` });
    }
    if (schema.items && typeof schema.items === "object") {
      // Every index, holes included: forEach would skip a hole, and JSON.stringify would send it as null.
      for (let index = 0; index < value.length; index++) {
        problems.push(...checkSchema(value[index], schema.items as Schema, `${path}[${index}]`, mode));
      }
    }
  }
  if (typeMatches("object", value)) {
    const object = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in object) || object[name] === undefined)
        problems.push({ path: `${path}.${name}`, message: "is required" });
    }
    for (const [name, propertySchema] of Object.entries(
      (schema.properties as Record<string, Schema> | undefined) ?? {},
    )) {
      if (object[name] !== undefined)
        problems.push(...checkSchema(object[name], propertySchema, `${path}.${name}`, mode));
    }
  }
  return problems;
}
