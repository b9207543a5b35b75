/**
 * Fault injection. Every fault here breaks the spec or the transport ON
 * PURPOSE, to show how a client copes: 5xx answers the spec does not
 * document (with a JSON, an HTML or an empty body), connections dropped
 * before or after the request is processed, slow answers, answers that never
 * come, 200s with truncated JSON, and batch statuses outside the enum.
 * A request gets at most one fault: one number from a seeded PRNG (mulberry32)
 * is drawn per eligible request and compared against the cumulative rates, so
 * the same requests in the same order get the same faults.
 */
import type { OperationKey } from "../types.ts";
import { FAULT_KINDS, type FaultKind, type ResolvedOptions } from "./options.ts";

/**
 * The 5xx answers `serverError` rotates through, in this order.
 *
 * @example
 * SERVER_ERROR_FORMS.map(({ form, status }) => `${form} ${status}`) // ["json 500", "html 502", "empty 503"]
 */
export const SERVER_ERROR_FORMS = [
  {
    form: "json",
    status: 500,
    contentType: "application/json",
    body: JSON.stringify({ message: "Internal server error (injected by the sandbox)" }),
  },
  {
    form: "html",
    status: 502,
    contentType: "text/html; charset=utf-8",
    body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>sandbox</center></body></html>",
  },
  { form: "empty", status: 503, contentType: undefined, body: "" },
] as const;
export type ServerErrorForm = (typeof SERVER_ERROR_FORMS)[number];

/**
 * The status `unknownStatus` puts into a batch answer: a string the enum does not list.
 *
 * @example
 * isKnownRequestStatus(UNKNOWN_BATCH_STATUS) // false: a wait keeps polling through it
 */
export const UNKNOWN_BATCH_STATUS = "queued_for_review";

/** A small, fast, seedable PRNG: the same seed gives the same sequence in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class FaultInjector {
  readonly #config: ResolvedOptions["faults"];
  readonly #random: () => number;
  readonly #enabled: boolean;
  #serverErrors = 0;

  constructor(config: ResolvedOptions["faults"]) {
    this.#config = config;
    this.#random = mulberry32(config.seed);
    this.#enabled = FAULT_KINDS.some((kind) => config[kind] > 0);
  }

  /** The fault for this request, if any. Only requests that passed auth and the rate limit are drawn for. */
  draw(operation: OperationKey): FaultKind | undefined {
    if (!this.#enabled || (this.#config.only && !this.#config.only.includes(operation))) return undefined;
    const roll = this.#random();
    let threshold = 0;
    for (const kind of FAULT_KINDS) {
      threshold += this.#config[kind];
      if (roll < threshold) {
        // The spec's PUT answer has no batch status to corrupt: no fault then.
        if (kind === "unknownStatus" && operation !== "GET /api/v1/results/status") return undefined;
        return kind;
      }
    }
    return undefined;
  }

  /** The next 5xx form in rotation: JSON, HTML, empty, JSON, ... */
  nextServerError(): ServerErrorForm {
    const form = SERVER_ERROR_FORMS[this.#serverErrors % SERVER_ERROR_FORMS.length] as ServerErrorForm;
    this.#serverErrors += 1;
    return form;
  }

  get slowMs(): number {
    return this.#config.slowMs;
  }
}

/** Cuts a JSON text short so that it no longer parses (`{"batchRequestId":"3fa8`). */
export function truncateJson(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}
