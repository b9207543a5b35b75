/**
 * Input checks run before anything is sent. The structural rules (required
 * fields, types, `maxLength`, `minItems`, UUID format) come from the
 * generated spec; the client adds what the spec states only in prose:
 * a style key must not be blank, and the status must be settable.
 */
import { ValidationError, type ValidationIssue } from "./errors.ts";
import { isSettableProductStatus, SETTABLE_PRODUCT_STATUSES } from "./lifecycle.ts";
import { checkSchema, type SchemaProblem } from "./schema-check.ts";
import { type OperationKey, parameterSchema, requestBodySchema } from "./spec.ts";
import type { ProductStatusItem } from "./types.ts";

const UPDATE: OperationKey = "PUT /api/v1/products/status";
const RESULTS: OperationKey = "GET /api/v1/results/status";

/** `items[3].style_key` -> index 3, field `style_key`. */
function toIssue(problem: SchemaProblem): ValidationIssue {
  const path = problem.path.replace(/^body\./, "");
  const match = /^items\[(\d+)\](?:\.([A-Za-z_]+))?/.exec(path);
  const issue: ValidationIssue = { path, message: problem.message };
  if (match) {
    issue.index = Number(match[1]);
    if (match[2]) issue.field = match[2];
  }
  return issue;
}

/**
 * Throws ValidationError unless `items` is a valid body for `PUT /api/v1/products/status`
 * (the check `updateProductStatus` runs before sending).
 *
 * @example
 * const items: unknown = JSON.parse(readFileSync("changes.json", "utf8"));
 * validateProductStatusItems(items); // throws ValidationError naming every bad item
 * await client.updateProductStatus(items); // items is now typed ProductStatusItem[]
 */
export function validateProductStatusItems(items: unknown): asserts items is ProductStatusItem[] {
  const schema = requestBodySchema(UPDATE);
  if (!schema) throw new Error(`The spec has no JSON request body for ${UPDATE}: regenerate src/generated.`);
  if (!Array.isArray(items)) {
    throw new ValidationError(UPDATE, [
      { path: "items", message: "must be an array of { style_key, status } objects" },
    ]);
  }
  const issues = checkSchema({ items }, schema, "body", { formats: true }).map(toIssue);
  items.forEach((item: unknown, index) => {
    if (!item || typeof item !== "object") return; // already reported by the schema check
    const { style_key: styleKey, status } = item as Record<string, unknown>;
    if (typeof styleKey === "string" && styleKey.trim() === "") {
      issues.push({
        path: `items[${index}].style_key`,
        index,
        field: "style_key",
        message: "must not be empty or blank",
      });
    }
    if (status !== undefined && !isSettableProductStatus(status)) {
      issues.push({
        path: `items[${index}].status`,
        index,
        field: "status",
        message: `must be one of ${SETTABLE_PRODUCT_STATUSES.join(", ")} (got ${JSON.stringify(status)})`,
      });
    }
  });
  if (issues.length > 0) {
    issues.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    throw new ValidationError(UPDATE, issues);
  }
}

/**
 * Throws ValidationError unless `batchRequestId` is what `GET /api/v1/results/status` accepts (a UUID).
 *
 * @example
 * validateBatchRequestId("0b6e8f5e-4a3c-4d2b-9f1e-2c7a9d3b5e41"); // passes
 * validateBatchRequestId("batch-1"); // throws ValidationError: not a UUID
 */
export function validateBatchRequestId(batchRequestId: unknown): asserts batchRequestId is string {
  const schema = parameterSchema(RESULTS, "query", "batch_request_id");
  if (!schema) throw new Error(`The spec has no batch_request_id parameter for ${RESULTS}: regenerate src/generated.`);
  const problems = checkSchema(batchRequestId, schema, "batchRequestId", { formats: true });
  if (batchRequestId === undefined || batchRequestId === null) {
    problems.unshift({ path: "batchRequestId", message: "is required (the id that updateProductStatus returned)" });
  }
  if (problems.length > 0) throw new ValidationError(RESULTS, problems.map(toIssue));
}
