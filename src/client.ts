/**
 * createSellersCenterClient: options -> an openapi-fetch client on the
 * transport, plus typed methods that validate input, throw typed errors
 * and never return half-results.
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./generated/schema.ts";
import { resolveApiKey, resolveBaseUrl, resolveTimeoutMs } from "./options.ts";
import { type Redactor, redactSecrets } from "./redact.ts";
import { errorFromResponse, parseSuccess } from "./response.ts";
import type { OperationKey } from "./spec.ts";
import { type FetchLike, createTransport } from "./transport.ts";
import type { ProductStatusItem, ProductStatusResults, UpdateProductStatusResponse } from "./types.ts";
import { validateBatchRequestId, validateProductStatusItems } from "./validate.ts";

export type SellersCenterClientOptions = {
  /** The API key. Default: the `SELLERS_CENTER_API_KEY` environment variable. */
  apiKey?: string;
  /** Default `https://partner.aboutyou.com`. Plain http only for loopback hosts (local tests). */
  baseUrl?: string | URL;
  /** The fetch to send with (default: the global fetch). */
  fetch?: FetchLike;
  /** Limit for one attempt, including reading the body. Default 30 000 ms. */
  timeoutMs?: number;
};

export type RequestOptions = {
  /** Aborts the call at once, wherever it is waiting. */
  signal?: AbortSignal;
};

export type SellersCenterClient = {
  /**
   * The openapi-fetch client typed by the spec, with auth (and every other
   * concern of the transport) already applied: the escape hatch to every
   * operation in the spec. HTTP errors come back as values (`{ error, response }`).
   */
  readonly api: Client<paths>;
  /** Submits a batch of status changes; resolves with `{ batchRequestId }`. */
  updateProductStatus(items: readonly ProductStatusItem[], options?: RequestOptions): Promise<UpdateProductStatusResponse>;
  /** Reads a batch's status and per-item results as they stand now. */
  getProductStatusResults(batchRequestId: string, options?: RequestOptions): Promise<ProductStatusResults>;
};

type TextResult = { data?: unknown; error?: unknown; response: Response };

/** The body openapi-fetch read with `parseAs: "text"`, back as text (errors arrive JSON-parsed when they were JSON). */
function bodyText(result: TextResult): string {
  const body = result.response.ok ? result.data : result.error;
  if (body === undefined || body === null) return "";
  return typeof body === "string" ? body : JSON.stringify(body);
}

async function settle<T>(result: TextResult, operation: OperationKey, redact: Redactor): Promise<T> {
  const text = bodyText(result);
  const response = new Response(text, { status: result.response.status, statusText: result.response.statusText, headers: result.response.headers });
  if (!response.ok) throw await errorFromResponse(response, operation, redact);
  return parseSuccess<T>(response, operation, redact);
}

/**
 * Creates a client for the Sellers Center API.
 *
 * @example
 * const client = createSellersCenterClient({ apiKey: process.env.SELLERS_CENTER_API_KEY });
 * const { batchRequestId } = await client.updateProductStatus([{ style_key: "ABC-123", status: "published" }]);
 * const results = await client.getProductStatusResults(batchRequestId);
 */
export function createSellersCenterClient(options: SellersCenterClientOptions = {}): SellersCenterClient {
  const apiKey = resolveApiKey(options.apiKey);
  const baseUrl = resolveBaseUrl(options.baseUrl);
  const redact: Redactor = (text) => redactSecrets(text, [apiKey]);
  const transport = createTransport({
    apiKey,
    baseUrl,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    timeoutMs: resolveTimeoutMs(options.timeoutMs),
    redact,
  });
  const api = createClient<paths>({ baseUrl: baseUrl.href.replace(/\/$/, ""), fetch: transport });

  return {
    api,
    async updateProductStatus(items, { signal } = {}) {
      validateProductStatusItems(items);
      const result = await api.PUT("/api/v1/products/status", {
        body: { items: items.map(({ style_key, status }) => ({ style_key, status })) },
        parseAs: "text",
        ...(signal ? { signal } : {}),
      });
      return settle<UpdateProductStatusResponse>(result, "PUT /api/v1/products/status", redact);
    },
    async getProductStatusResults(batchRequestId, { signal } = {}) {
      validateBatchRequestId(batchRequestId);
      const result = await api.GET("/api/v1/results/status", {
        params: { query: { batch_request_id: batchRequestId } },
        parseAs: "text",
        ...(signal ? { signal } : {}),
      });
      return settle<ProductStatusResults>(result, "GET /api/v1/results/status", redact);
    },
  };
}
