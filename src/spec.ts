/**
 * Lookups into the generated spec by operation key ("METHOD /path"): the
 * schemas of an operation's parameters, body and responses, and the
 * operation a request URL belongs to.
 */
import { openapiDocument } from "./generated/openapi.ts";
import { type OperationKey, operations } from "./generated/operations.ts";

type Schema = Record<string, unknown>;
type OperationObject = {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

function operationObject(key: OperationKey): OperationObject {
  const { method, path } = operations[key];
  const pathItem = (openapiDocument.paths as Record<string, Record<string, unknown>>)[path];
  return (pathItem?.[method.toLowerCase()] ?? {}) as OperationObject;
}

export function parameterSchema(
  key: OperationKey,
  location: "query" | "path" | "header",
  name: string,
): Schema | undefined {
  return operationObject(key).parameters?.find((p) => p.in === location && p.name === name)?.schema;
}

export function requestBodySchema(key: OperationKey): Schema | undefined {
  return operationObject(key).requestBody?.content?.["application/json"]?.schema;
}

export function responseSchema(key: OperationKey, status: number): Schema | undefined {
  return operationObject(key).responses?.[String(status)]?.content?.["application/json"]?.schema;
}

/** Whether the spec documents this status for the operation (else `default` applies). */
export function documentsStatus(key: OperationKey, status: number): boolean {
  return String(status) in (operationObject(key).responses ?? {});
}

const matchers = (Object.keys(operations) as OperationKey[]).map((key) => {
  const { method, path } = operations[key];
  const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}$`);
  return { key, method, pattern };
});

/** The operation a request is for, by method and spec path, or undefined when the spec has none. */
export function operationFor(method: string, specPath: string): OperationKey | undefined {
  const upper = method.toUpperCase();
  return matchers.find(({ method: m, pattern }) => m === upper && pattern.test(specPath))?.key;
}

export { type OperationKey, operations };
