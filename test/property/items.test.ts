/**
 * Properties of updateProductStatus's input checks: valid items are sent
 * verbatim (only style_key and status, in order, once); anything invalid is
 * refused with a ValidationError naming the index and field, and nothing is
 * sent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.ts";
import { SAMPLE_ID } from "../support/recording-fetch.ts";
import { itemDefect, NUM_RUNS, recordingClient, STYLE_KEY_MAX_LENGTH, validItem, validItems } from "./arbitraries.ts";

const accepted = () => new Response(JSON.stringify({ batchRequestId: SAMPLE_ID }));

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("updateProductStatus input (property)", () => {
  it("valid items are sent once, verbatim: only style_key and status, in order", async () => {
    await fc.assert(
      fc.asyncProperty(validItems, async (items) => {
        const { client, calls } = recordingClient(accepted);
        await expect(client.updateProductStatus(items)).resolves.toEqual({ batchRequestId: SAMPLE_ID });
        expect(calls).toHaveLength(1);
        expect(calls[0]?.method).toBe("PUT");
        expect(JSON.parse(calls[0]?.body ?? "")).toEqual({
          items: items.map(({ style_key, status }) => ({ style_key, status })),
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("one defect anywhere is refused with its index and field; nothing is sent", async () => {
    await fc.assert(
      fc.asyncProperty(validItems, fc.nat(), itemDefect, async (items, position, defect) => {
        const index = position % items.length;
        const broken: unknown[] = [...items];
        broken[index] = defect.apply(items[index] as Record<string, unknown>);
        const { client, calls } = recordingClient(accepted);
        const error = await refusal(client.updateProductStatus(broken as never));
        expect(calls).toEqual([]);
        expect(error.issues.length).toBeGreaterThan(0);
        // Every issue is about the broken item, and one names the broken field.
        for (const issue of error.issues) expect(issue.index).toBe(index);
        expect(error.issues.some((issue) => issue.field === defect.field)).toBe(true);
        expect(error.message).toContain(`items[${index}]`);
        expect(error.message).toMatch(/Nothing was sent/);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("non-arrays and empty arrays are refused; nothing is sent", async () => {
    const notAnArray = fc.anything().filter((value) => !Array.isArray(value));
    await fc.assert(
      fc.asyncProperty(fc.oneof(notAnArray, fc.constant([])), async (items) => {
        const { client, calls } = recordingClient(accepted);
        const error = await refusal(client.updateProductStatus(items as never));
        expect(calls).toEqual([]);
        expect(error.issues.map((issue) => issue.path)).toContain("items");
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("an array with holes is refused, naming the hole; nothing (no null) is sent", async () => {
    const withHoles = fc
      .sparseArray(validItem, { minNumElements: 1, maxLength: 6 })
      .filter((items) => Object.keys(items).length < items.length);
    await fc.assert(
      fc.asyncProperty(withHoles, async (items) => {
        const { client, calls } = recordingClient(accepted);
        const error = await refusal(client.updateProductStatus(items));
        expect(calls).toEqual([]);
        const holes = [...items.keys()].filter((index) => !(index in items));
        expect(error.issues.map((issue) => issue.index)).toEqual(holes);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("style keys up to maxLength characters are accepted, counted as JSON Schema counts them (code points)", async () => {
    // U+1D538 takes two UTF-16 units: maxLength of them is within the spec, twice the limit in .length.
    const astral = fc.integer({ min: 1, max: STYLE_KEY_MAX_LENGTH }).map((length) => "\u{1D538}".repeat(length));
    await fc.assert(
      fc.asyncProperty(astral, async (styleKey) => {
        const { client, calls } = recordingClient(accepted);
        await client.updateProductStatus([{ style_key: styleKey, status: "draft" }]);
        expect(JSON.parse(calls[0]?.body ?? "").items[0].style_key).toBe(styleKey);
      }),
      { numRuns: 50 },
    );
  });
});
