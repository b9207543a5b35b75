/**
 * Turns what fetch throws when no response arrives into a NetworkError that
 * says whether the request could have reached the server.
 */
import { NetworkError } from "./errors.ts";
import type { Redactor } from "./redact.ts";

/** Codes meaning the request never left this machine, so resending cannot duplicate it. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The first `code` in the cause chain, and the innermost message (fetch's own is just "fetch failed"). */
function lowLevelCause(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const { code, cause, message: own } = current as { code?: unknown; cause?: unknown; message?: unknown };
    if (typeof own === "string" && own) message = own;
    if (typeof code === "string") return { code, message };
    current = cause;
  }
  return { message };
}

export function toNetworkError(error: unknown, operation: string, origin: string, redact: Redactor): NetworkError {
  const { code, message } = lowLevelCause(error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  const advice = notSent
    ? "The request was not sent: check baseUrl and the network, then retry."
    : "The request may have reached the server: retry a read freely; for a status update, look the batch up before resubmitting.";
  return new NetworkError(
    redact(`${operation}: no response from ${origin} (${code ?? "network error"}: ${message}). ${advice}`),
    {
      operation,
      ...(code === undefined ? {} : { code }),
      requestMayHaveBeenProcessed: !notSent,
    },
  );
}
