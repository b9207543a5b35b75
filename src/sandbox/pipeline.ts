/**
 * What the sandbox answers to one request, in the order a gateway in front
 * of the vendor's API would decide it: route (404) -> auth (401) -> rate
 * limit (429) -> injected fault, if any -> validation (400) -> operation.
 * The result is a description of the reply (answer, drop or hang); the
 * server carries it out, so this file holds no sockets or timers.
 */
import type { OperationKey } from "../generated/operations.ts";
import { operationFor } from "../spec.ts";
import type { AuthResult } from "./auth.ts";
import type { BatchStore } from "./batch-store.ts";
import { type FaultInjector, truncateJson, UNKNOWN_BATCH_STATUS } from "./faults.ts";
import {
  BATCH_RESULTS,
  getBatchResults,
  type OperationAnswer,
  UPDATE_STATUS,
  updateProductStatus,
} from "./handlers.ts";
import type { ResolvedOptions } from "./options.ts";
import type { RateWindows } from "./rate-window.ts";
import type { StatsRecorder } from "./stats.ts";

export type IncomingRequest = {
  method: string;
  url: string;
  apiKeyHeader: string | string[] | undefined;
  /** Reads the whole body as text, undefined when too large (only called once the request is to be processed). */
  readBody: () => Promise<string | undefined>;
};

export type Reply =
  | { kind: "answer"; status: number; headers: Record<string, string>; body: string; delayMs: number }
  /** Destroy the socket without an answer. */
  | { kind: "drop"; delayMs: number }
  /** Never answer; the socket stays open until the client gives up or the sandbox closes. */
  | { kind: "hang" };

export type PipelineDeps = {
  config: ResolvedOptions;
  auth: (header: string | string[] | undefined) => AuthResult;
  windows: RateWindows | undefined;
  stats: StatsRecorder;
  store: BatchStore;
  faults: FaultInjector;
};

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

function rateHeaders(figures: { limit: number; remaining: number } | undefined): Record<string, string> {
  if (!figures) return {};
  return { "x-ratelimit-limit": String(figures.limit), "x-ratelimit-remaining": String(figures.remaining) };
}

function describeWindow(config: ResolvedOptions, operation: OperationKey): string {
  if (!config.rateLimit) return "";
  const { windowMs, mode, limits } = config.rateLimit;
  return `${limits[operation]} requests per ${windowMs} ms (${mode} window) per API key`;
}

export function createPipeline(deps: PipelineDeps): (request: IncomingRequest) => Promise<Reply> {
  const { config, stats, store, faults } = deps;
  const answer = (
    status: number,
    body: unknown,
    headers: Record<string, string>,
    delayMs = config.latencyMs,
  ): Reply => ({
    kind: "answer",
    status,
    headers: { ...JSON_TYPE, ...headers },
    body: JSON.stringify(body),
    delayMs,
  });

  return async (request) => {
    const url = new URL(request.url, "http://sandbox.invalid");
    const operation = operationFor(request.method, url.pathname);
    if (!operation) {
      // No operation, so no rate-limit headers: they are per key AND operation.
      return answer(
        404,
        {
          message: `No operation ${request.method} ${url.pathname}: this sandbox serves ${UPDATE_STATUS} and ${BATCH_RESULTS} (path and method must match).`,
        },
        {},
      );
    }

    const now = config.now();
    const auth = deps.auth(request.apiKeyHeader);
    if (!auth.ok) {
      stats.unauthorized();
      // An unknown caller uses up no key's window; the headers show the operation's full limit.
      return answer(401, { message: auth.message }, rateHeaders(deps.windows?.peekUnknownCaller(operation)));
    }

    stats.arrived(auth.label, operation, now);
    const decision = deps.windows?.take(auth.label, operation, now);
    const headers = rateHeaders(decision);
    if (decision && !decision.accepted) {
      stats.rateLimited(operation);
      return answer(
        429,
        {
          message: `Rate limit exceeded for ${operation}: ${describeWindow(config, operation)}. Wait before sending more.`,
        },
        headers,
      );
    }
    stats.accepted(operation);

    const fault = faults.draw(operation);
    // unknownStatus is counted only where it applies (a 200 batch answer).
    if (fault && fault !== "unknownStatus") stats.faultInjected(fault);
    if (fault === "hang") return { kind: "hang" };
    if (fault === "dropBeforeProcessing") return { kind: "drop", delayMs: config.latencyMs };
    if (fault === "serverError") {
      const form = faults.nextServerError();
      stats.faultInjected(`serverError:${form.form}`);
      const contentType: Record<string, string> = form.contentType ? { "content-type": form.contentType } : {};
      return {
        kind: "answer",
        status: form.status,
        headers: { ...contentType, ...headers },
        body: form.body,
        delayMs: config.latencyMs,
      };
    }

    let result: OperationAnswer;
    if (operation === UPDATE_STATUS) {
      result = updateProductStatus(await request.readBody(), auth.label, store, now);
      if (result.event === "created") stats.batchCreated();
      if (result.event === "deduplicated") stats.deduplicated();
    } else {
      result = getBatchResults(url.searchParams, auth.label, store, now);
    }

    if (fault === "dropAfterProcessing") return { kind: "drop", delayMs: config.latencyMs };
    if (fault === "unknownStatus" && result.status === 200) {
      stats.faultInjected(fault);
      result = { ...result, body: { ...(result.body as object), status: UNKNOWN_BATCH_STATUS, items: [] } };
    }
    const reply = answer(
      result.status,
      result.body,
      headers,
      config.latencyMs + (fault === "slow" ? faults.slowMs : 0),
    );
    if (fault === "malformedJson" && reply.kind === "answer") reply.body = truncateJson(reply.body);
    return reply;
  };
}
