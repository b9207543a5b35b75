/**
 * Extracts the operation table the client's runtime needs: one entry per
 * method and path, keyed "METHOD /path", with the rate limit the vendor
 * states in the operation's description ("**Rate limit:** N requests per
 * minute"). Operations without a stated limit get a conservative default
 * and a warning, so a new endpoint is limited from its first request.
 */
import type { OpenApiDocument } from "./bundle.ts";

/** Used when a description states no limit: the lowest limit the vendor documents anywhere (order actions, 50/min). */
export const DEFAULT_RATE_LIMIT = { limit: 50, windowMs: 60_000 } as const;

const METHODS = ["get", "put", "post", "delete", "patch"] as const;
const UNIT_MS: Record<string, number> = { second: 1_000, minute: 60_000, hour: 3_600_000 };
const RATE_LIMIT_PATTERN = /\*\*Rate limit:\*\*\s*(\d+)\s+requests?\s+per\s+(second|minute|hour)/i;

export type OperationEntry = {
  method: string;
  path: string;
  operationId: string | null;
  summary: string | null;
  rateLimit: { limit: number; windowMs: number; source: "spec" | "default" };
};

export function extractOperations(document: OpenApiDocument): {
  operations: Record<string, OperationEntry>;
  warnings: string[];
} {
  const operations: Record<string, OperationEntry> = {};
  const warnings: string[] = [];
  for (const path of Object.keys(document.paths).sort()) {
    const pathItem = document.paths[path] ?? {};
    for (const method of METHODS) {
      const operation = pathItem[method] as
        | { operationId?: string; summary?: string; description?: string }
        | undefined;
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const match = RATE_LIMIT_PATTERN.exec(operation.description ?? "");
      let rateLimit: OperationEntry["rateLimit"];
      if (match) {
        rateLimit = {
          limit: Number(match[1]),
          windowMs: UNIT_MS[(match[2] ?? "minute").toLowerCase()] ?? 60_000,
          source: "spec",
        };
      } else {
        rateLimit = { ...DEFAULT_RATE_LIMIT, source: "default" };
        warnings.push(
          `${key}: no "**Rate limit:** N requests per minute" in its description; ` +
            `using the conservative default of ${DEFAULT_RATE_LIMIT.limit} per minute.`,
        );
      }
      operations[key] = {
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId ?? null,
        summary: operation.summary ?? null,
        rateLimit,
      };
    }
  }
  return { operations, warnings };
}
