/**
 * Properties of the batch id check: every UUID (any version, either case)
 * is accepted and sent as the query parameter; anything else is refused
 * with a ValidationError on `batchRequestId`, by the read and by the wait,
 * and nothing is sent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.ts";
import { NUM_RUNS, recordingClient, UUID_SHAPE } from "./arbitraries.ts";

const completed = (request: Request) =>
  new Response(
    JSON.stringify({
      batchRequestId: new URL(request.url).searchParams.get("batch_request_id"),
      status: "completed",
      items: [],
    }),
  );

const anyUuid = fc.tuple(fc.uuid(), fc.boolean()).map(([uuid, upper]) => (upper ? uuid.toUpperCase() : uuid));

/** Near misses: a UUID with one character replaced, removed or added, or wrapped. */
const nearMiss = fc.oneof(
  fc
    .tuple(fc.uuid(), fc.nat(35), fc.constantFrom("g", "z", "-", " ", "_", "{", "\u0430"))
    .map(([uuid, at, char]) => uuid.slice(0, at) + char + uuid.slice(at + 1)),
  fc.tuple(fc.uuid(), fc.nat(35)).map(([uuid, at]) => uuid.slice(0, at) + uuid.slice(at + 1)),
  fc
    .tuple(fc.uuid(), fc.nat(36), fc.constantFrom(..."0123456789abcdef"))
    .map(([uuid, at, char]) => uuid.slice(0, at) + char + uuid.slice(at)),
  fc.uuid().map((uuid) => uuid.replaceAll("-", "")),
  fc
    .tuple(fc.uuid(), fc.constantFrom(["{", "}"], [" ", ""], ["", "\n"], ["urn:uuid:", ""]))
    .map(([uuid, [before, after]]) => `${before}${uuid}${after}`),
);
const notAUuid = fc
  .oneof(nearMiss, fc.string(), fc.anything())
  .filter((value) => !(typeof value === "string" && UUID_SHAPE.test(value)));

describe("batch ids (property)", () => {
  it("every UUID is accepted and sent as batch_request_id", async () => {
    await fc.assert(
      fc.asyncProperty(anyUuid, async (id) => {
        const { client, calls } = recordingClient(completed);
        await expect(client.getProductStatusResults(id)).resolves.toMatchObject({
          batchRequestId: id,
          status: "completed",
        });
        expect(calls).toHaveLength(1);
        expect(new URL(calls[0]?.url ?? "").searchParams.getAll("batch_request_id")).toEqual([id]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("anything else is refused by the read and by the wait, naming batchRequestId; nothing is sent", async () => {
    await fc.assert(
      fc.asyncProperty(notAUuid, async (id) => {
        const { client, calls } = recordingClient(completed);
        for (const call of [
          () => client.getProductStatusResults(id as string),
          () => client.waitForProductStatusResults(id as string),
        ]) {
          const error = await call().then(
            () => undefined,
            (caught: unknown) => caught,
          );
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).issues.map((issue) => issue.path)).toContain("batchRequestId");
        }
        expect(calls).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
