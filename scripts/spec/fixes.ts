/**
 * The one place where the bundle is changed for the sake of tools. The
 * vendor's files stay verbatim in spec/; every fix here is applied to the
 * bundle only, and each one says why.
 */
import type { OpenApiDocument } from "./bundle.ts";

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

export function applyToolFixes(document: OpenApiDocument): OpenApiDocument {
  const fixed = structuredClone(document);
  for (const pathItem of Object.values(fixed.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as { responses?: Record<string, { description?: string }> };
      for (const [code, response] of Object.entries(operation?.responses ?? {})) {
        // Fix 1: OpenAPI requires a `description` on every response; the
        // vendor's `default` responses (which only carry the rate-limit
        // headers) have none, and Redocly-based tools refuse the document.
        if (response && typeof response === "object" && !("$ref" in response) && response.description === undefined) {
          response.description =
            code === "default" ? "Any other response (carries the rate-limit headers)" : `HTTP ${code}`;
        }
      }
    }
  }
  return fixed;
}
