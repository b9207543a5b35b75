/**
 * Properties of response parsing: every body the spec allows comes back
 * intact (statuses outside the enum, any items, extra properties); every
 * other 2xx body is an InvalidResponseError, never a SyntaxError or half a
 * result; every error status is a typed error; and a body that echoes the
 * API key never puts it into an error.
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidResponseError, SellersCenterError } from "../../src/index.ts";
import { SAMPLE_ID } from "../support/recording-fetch.ts";
import {
  API_KEY,
  extraProperties,
  NUM_RUNS,
  notJsonText,
  recordingClient,
  resultsBody,
  resultsDefect,
} from "./arbitraries.ts";

const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
/** A text answer (no body for 304, which may not have one). */
const text =
  (body: string, status = 200) =>
  () =>
    new Response(status === 304 ? null : body, { status });

async function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** The results read, and the PUT's answer, as a client sees them. */
async function readBoth(answer: () => Response) {
  const { client } = recordingClient(answer);
  return [
    await outcome(client.getProductStatusResults(SAMPLE_ID)),
    await outcome(client.updateProductStatus([{ style_key: "A", status: "draft" }])),
  ];
}

describe("response parsing (property)", () => {
  it("every schema-valid results body is returned intact", async () => {
    await fc.assert(
      fc.asyncProperty(resultsBody, async (body) => {
        const { client } = recordingClient(json(body));
        // What the server meant, as JSON carries it.
        await expect(client.getProductStatusResults(SAMPLE_ID)).resolves.toEqual(JSON.parse(JSON.stringify(body)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("every schema-valid update answer is returned intact", async () => {
    const answer = fc
      .tuple(fc.oneof(fc.uuid(), fc.string()), extraProperties(["batchRequestId"]))
      .map(([batchRequestId, extra]) => ({ ...extra, batchRequestId }));
    await fc.assert(
      fc.asyncProperty(answer, async (body) => {
        const { client } = recordingClient(json(body));
        await expect(client.updateProductStatus([{ style_key: "A", status: "draft" }])).resolves.toEqual(
          JSON.parse(JSON.stringify(body)),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("a results body with one required part broken is an InvalidResponseError", async () => {
    await fc.assert(
      fc.asyncProperty(resultsBody, resultsDefect, async (body, defect) => {
        const { client } = recordingClient(json(defect.apply(body)));
        const { error } = await outcome(client.getProductStatusResults(SAMPLE_ID));
        expect(error, defect.describe).toBeInstanceOf(InvalidResponseError);
        expect((error as InvalidResponseError).status).toBe(200);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("a 200 body that is not JSON is an InvalidResponseError for both operations, never a SyntaxError", async () => {
    await fc.assert(
      fc.asyncProperty(notJsonText, async (body) => {
        for (const { error } of await readBoth(text(body))) {
          expect(error).toBeInstanceOf(InvalidResponseError);
          expect((error as Error).message).toMatch(/not JSON/);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("any other 2xx status is held to the spec's success schema too: a body that does not match is an InvalidResponseError", async () => {
    const status = fc.constantFrom(201, 202, 203, 206, 299);
    const notResults = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      resultsBody.chain((body) => resultsDefect.map((defect) => defect.apply(body))),
    );
    await fc.assert(
      fc.asyncProperty(status, notResults, async (code, body) => {
        fc.pre(
          !(body && typeof body === "object" && "batchRequestId" in body && typeof body.batchRequestId === "string"),
        );
        for (const { error } of await readBoth(json(body, code))) expect(error).toBeInstanceOf(InvalidResponseError);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("every error status with any body is a typed error carrying that status", async () => {
    const status = fc.oneof(fc.integer({ min: 300, max: 599 }), fc.constantFrom(400, 401, 404, 429, 500, 502, 503));
    const body = fc.oneof(
      fc.string(),
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
      notJsonText,
    );
    await fc.assert(
      fc.asyncProperty(status, body, async (code, payload) => {
        for (const { error } of await readBoth(text(payload, code))) {
          expect(error).toBeInstanceOf(SellersCenterError);
          expect((error as SellersCenterError).status).toBe(code);
        }
      }),
      // 304 is a status whose response has no body: always tried.
      { numRuns: NUM_RUNS, examples: [[304, ""]] },
    );
  });

  it("a body that echoes the API key never puts it into an error", async () => {
    const echo = fc
      .tuple(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }))
      .map(([before, after]) => `${before}${API_KEY}${after}`);
    const status = fc.constantFrom(200, 400, 401, 404, 429, 500, 502);
    const shape = fc.constantFrom("text", "message", "html");
    await fc.assert(
      fc.asyncProperty(echo, status, shape, async (secret, code, form) => {
        const payload =
          form === "message"
            ? JSON.stringify({ message: secret })
            : form === "html"
              ? `<html><title>${secret}</title></html>`
              : secret;
        for (const { error } of await readBoth(text(payload, code))) {
          expect(error).toBeInstanceOf(SellersCenterError);
          for (const rendered of [
            String(error),
            (error as Error).stack ?? "",
            JSON.stringify(error),
            inspect(error, { depth: 10, showHidden: true }),
          ]) {
            expect(rendered).not.toContain(API_KEY);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
