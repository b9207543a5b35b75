/**
 * Compares two versions of one JSON schema, from a caller's side. Whether a
 * change breaks callers depends on which way the data flows: a narrowed
 * constraint breaks code that sends the value (requests), a property that may
 * now be missing breaks code that reads it (responses). Removed properties or
 * enum values and changed types break either way.
 *
 * `$ref`s are compared as names, not followed: named component schemas are
 * compared once each, by diff.ts, with the directions they are used in.
 */
import { isDeepStrictEqual } from "node:util";

export type Direction = "request" | "response";

/** When a change breaks callers: always, never, or only where the schema is sent / read. */
export type BreaksWhen = "always" | "never" | Direction;

export type SchemaChangeSink = (where: string, what: string, breaksWhen: BreaksWhen) => void;

type Schema = Record<string, unknown>;

const UPPER_BOUNDS = ["maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum"];
const LOWER_BOUNDS = ["minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum"];

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const show = (value: unknown) => (value === undefined ? "none" : JSON.stringify(value));
const quoteAll = (values: unknown[]) => values.map((value) => JSON.stringify(value)).join(", ");

function typesOf(schema: Schema): string | undefined {
  const { type } = schema;
  if (type === undefined) return undefined;
  return (Array.isArray(type) ? [...type].sort() : [type]).join(" | ");
}

export function diffSchema(before: unknown, after: unknown, where: string, report: SchemaChangeSink): void {
  if (isDeepStrictEqual(before, after)) return;
  if (!isSchema(before) || !isSchema(after)) {
    report(where, "schema replaced", "always");
    return;
  }
  if (before.$ref !== after.$ref) {
    report(
      where,
      `now ${show(after.$ref ?? "an inline schema")}, was ${show(before.$ref ?? "an inline schema")}`,
      "always",
    );
    return;
  }
  if (typeof before.$ref === "string") return;

  diffType(before, after, where, report);
  diffEnum(before, after, where, report);
  for (const key of UPPER_BOUNDS) diffBound(key, before[key], after[key], (b, a) => a < b, where, report);
  for (const key of LOWER_BOUNDS) diffBound(key, before[key], after[key], (b, a) => a > b, where, report);
  for (const key of ["pattern", "format", "const"]) {
    if (!isDeepStrictEqual(before[key], after[key])) {
      report(
        where,
        `${key} ${show(before[key])} → ${show(after[key])}`,
        after[key] === undefined ? "never" : "request",
      );
    }
  }
  if (before.nullable !== after.nullable) {
    report(
      where,
      after.nullable === true ? "may now be null" : "may no longer be null",
      after.nullable === true ? "response" : "request",
    );
  }
  diffProperties(before, after, where, report);
  diffSchema(before.items, after.items, `${where}[]`, report);
  diffAdditionalProperties(before.additionalProperties, after.additionalProperties, where, report);
  for (const key of ["anyOf", "oneOf", "allOf"]) diffAlternatives(key, before[key], after[key], where, report);
}

function diffType(before: Schema, after: Schema, where: string, report: SchemaChangeSink): void {
  const [was, now] = [typesOf(before), typesOf(after)];
  if (was === now) return;
  if (was === undefined) report(where, `type now ${now}`, "request");
  else if (now === undefined) report(where, `type ${was} no longer stated`, "response");
  else report(where, `type ${was} → ${now}`, "always");
}

function diffEnum(before: Schema, after: Schema, where: string, report: SchemaChangeSink): void {
  const [was, now] = [before.enum, after.enum];
  if (isDeepStrictEqual(was, now)) return;
  if (!Array.isArray(was)) {
    report(where, `now limited to ${quoteAll(now as unknown[])}`, "request");
    return;
  }
  if (!Array.isArray(now)) {
    report(where, "no longer limited to a list of values", "never");
    return;
  }
  const removed = was.filter((value) => !now.some((kept) => isDeepStrictEqual(kept, value)));
  const added = now.filter((value) => !was.some((old) => isDeepStrictEqual(old, value)));
  if (removed.length > 0) report(where, `enum value removed: ${quoteAll(removed)}`, "always");
  if (added.length > 0) report(where, `enum value added: ${quoteAll(added)}`, "never");
}

function diffBound(
  key: string,
  was: unknown,
  now: unknown,
  isTighter: (was: number, now: number) => boolean,
  where: string,
  report: SchemaChangeSink,
): void {
  if (was === now) return;
  const narrowed = typeof now === "number" && (typeof was !== "number" || isTighter(was, now));
  report(
    where,
    `${key} ${show(was)} → ${show(now)} (${narrowed ? "narrowed" : "widened"})`,
    narrowed ? "request" : "never",
  );
}

function diffProperties(before: Schema, after: Schema, where: string, report: SchemaChangeSink): void {
  const was = isSchema(before.properties) ? before.properties : {};
  const now = isSchema(after.properties) ? after.properties : {};
  const wasRequired = new Set(Array.isArray(before.required) ? before.required : []);
  const nowRequired = new Set(Array.isArray(after.required) ? after.required : []);

  const removed = Object.keys(was).filter((name) => !(name in now));
  const added = Object.keys(now).filter((name) => !(name in was));
  for (const name of removed) report(`${where}.${name}`, "property removed", "always");
  for (const name of added) {
    const required = nowRequired.has(name);
    report(`${where}.${name}`, `property added${required ? " (required)" : ""}`, required ? "request" : "never");
  }
  for (const name of Object.keys(now)) {
    if (name in was) diffSchema(was[name], now[name], `${where}.${name}`, report);
  }
  // Added and removed properties were reported above, required flag included.
  for (const name of nowRequired) {
    if (!wasRequired.has(name) && !added.includes(name)) report(`${where}.${name}`, "now required", "request");
  }
  for (const name of wasRequired) {
    if (!nowRequired.has(name) && !removed.includes(name)) report(`${where}.${name}`, "no longer required", "response");
  }
}

function diffAdditionalProperties(was: unknown, now: unknown, where: string, report: SchemaChangeSink): void {
  if (isDeepStrictEqual(was, now)) return;
  if (isSchema(was) && isSchema(now)) {
    diffSchema(was, now, `${where}{*}`, report);
    return;
  }
  const refused = now === false;
  report(
    where,
    refused ? "extra properties no longer allowed" : `additionalProperties ${show(was)} → ${show(now)}`,
    refused ? "request" : "never",
  );
}

function diffAlternatives(key: string, was: unknown, now: unknown, where: string, report: SchemaChangeSink): void {
  if (isDeepStrictEqual(was, now)) return;
  const [before, after] = [Array.isArray(was) ? was : [], Array.isArray(now) ? now : []];
  if (before.length === after.length) {
    for (const [index, schema] of before.entries())
      diffSchema(schema, after[index], `${where}.${key}[${index}]`, report);
    return;
  }
  // Fewer anyOf/oneOf alternatives (or more allOf parts) accept fewer values.
  const narrowed = key === "allOf" ? after.length > before.length : after.length < before.length;
  report(
    where,
    `${key} with ${before.length} → ${after.length} schemas (${narrowed ? "narrowed" : "widened"})`,
    narrowed ? "request" : "never",
  );
}
