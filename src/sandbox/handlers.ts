/**
 * The two operations, once a request has passed auth and the rate limit:
 * validation as the spec describes it (plus the settable statuses the
 * vendor's docs name), then the batch store. Each returns the status and
 * JSON body to answer with.
 */
import { isSettableProductStatus, SETTABLE_PRODUCT_STATUSES } from "../lifecycle.ts";
import { checkSchema, type SchemaProblem } from "../schema-check.ts";
import { type OperationKey, parameterSchema, requestBodySchema } from "../spec.ts";
import type { ProductStatusItem } from "../types.ts";
import type { BatchStore } from "./batch-store.ts";

export const UPDATE_STATUS: OperationKey = "PUT /api/v1/products/status";
export const BATCH_RESULTS: OperationKey = "GET /api/v1/results/status";

export type OperationAnswer = { status: number; body: unknown; event?: "created" | "deduplicated" };

/** Bodies larger than this are refused with 400 instead of being buffered. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const badRequest = (message: string): OperationAnswer => ({ status: 400, body: { message } });

/** `items[2].style_key must be at most 120 characters (got 121); items[3].status is required` */
function describeProblems(problems: SchemaProblem[]): string {
  const shown = problems
    .slice(0, 10)
    .map((problem) => `${problem.path.replace(/^body\.?/, "") || "body"} ${problem.message}`);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : "";
  return `${shown.join("; ")}${more}`;
}

function itemIndex(path: string): number {
  const match = /^body\.items\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) : -1;
}

export function updateProductStatus(
  rawBody: string | undefined,
  label: string,
  store: BatchStore,
  now: number,
): OperationAnswer {
  if (rawBody === undefined) {
    return badRequest(
      `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB: split the items into smaller batches.`,
    );
  }
  if (rawBody.trim() === "") {
    return badRequest(
      'The request body is empty: send JSON such as {"items":[{"style_key":"STYLE-1","status":"published"}]}.',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (error) {
    return badRequest(
      `The request body is not valid JSON (${(error as Error).message}): send {"items":[{"style_key":"...","status":"published"}]}.`,
    );
  }
  const schema = requestBodySchema(UPDATE_STATUS);
  if (!schema) throw new Error(`The spec has no JSON request body for ${UPDATE_STATUS}: regenerate src/generated.`);
  const problems = checkSchema(body, schema, "body", { formats: true });
  const items = (body as { items?: unknown } | null)?.items;
  if (Array.isArray(items)) {
    items.forEach((item: unknown, index) => {
      const status = (item as { status?: unknown } | null)?.status;
      if (typeof status === "string" && !isSettableProductStatus(status)) {
        problems.push({
          path: `body.items[${index}].status`,
          message: `must be one of ${SETTABLE_PRODUCT_STATUSES.join(", ")} (got ${JSON.stringify(status)})`,
        });
      }
    });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => itemIndex(a.path) - itemIndex(b.path));
    return badRequest(describeProblems(problems));
  }
  const result = store.submit(label, items as ProductStatusItem[], now);
  return {
    status: 200,
    body: { batchRequestId: result.batchRequestId },
    event: result.deduplicated ? "deduplicated" : "created",
  };
}

export function getBatchResults(
  query: URLSearchParams,
  label: string,
  store: BatchStore,
  now: number,
): OperationAnswer {
  const values = query.getAll("batch_request_id");
  if (values.length === 0) {
    return badRequest(
      "batch_request_id is required: pass the batchRequestId that PUT /api/v1/products/status returned.",
    );
  }
  if (values.length > 1) return badRequest(`batch_request_id must be given once (got ${values.length} values).`);
  const id = values[0] as string;
  const schema = parameterSchema(BATCH_RESULTS, "query", "batch_request_id");
  if (!schema)
    throw new Error(`The spec has no batch_request_id parameter for ${BATCH_RESULTS}: regenerate src/generated.`);
  const problems = checkSchema(id, schema, "batch_request_id", { formats: true });
  if (problems.length > 0) return badRequest(describeProblems(problems));
  const batch = store.view(label, id, now);
  if (!batch) {
    return {
      status: 404,
      body: {
        message: `Batch request ${id} not found for this API key: check the id (batches are visible only to the key that submitted them).`,
      },
    };
  }
  return { status: 200, body: batch };
}
