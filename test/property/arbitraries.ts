/**
 * fast-check arbitraries for the property tests: items the client must
 * accept or refuse, batch ids, and response bodies (schema-valid, with
 * statuses outside the enum and extra properties, or not schema-valid).
 * Limits (the style key's maxLength) are read from the generated spec.
 */
import fc from "fast-check";
import { requestStatusValues } from "../../src/generated/schema.ts";
import { createSellersCenterClient } from "../../src/index.ts";
import { SETTABLE_PRODUCT_STATUSES } from "../../src/lifecycle.ts";
import { deref } from "../../src/schema-check.ts";
import { requestBodySchema } from "../../src/spec.ts";
import { recordingFetch } from "../support/recording-fetch.ts";

type Schema = Record<string, unknown>;

/** `maxLength` of `style_key`, from the PUT body's schema. */
export const STYLE_KEY_MAX_LENGTH: number = (() => {
  const body = deref(requestBodySchema("PUT /api/v1/products/status") as Schema);
  const itemsSchema = deref((body.properties as Record<string, Schema>).items as Schema);
  const item = deref(itemsSchema.items as Schema);
  const maxLength = ((item.properties as Record<string, Schema>).style_key as Schema).maxLength;
  if (typeof maxLength !== "number")
    throw new Error("the spec's style_key has no maxLength: adjust the property tests");
  return maxLength;
})();

export const API_KEY = "property-KEY-93c1e0d7a4";
export const NUM_RUNS = 150;

/** A UUID as the test sees it (any version, either case): the oracle for "anything else is refused". */
export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A client on a recording fetch that answers with `answer` (no limiter, no retries). */
export function recordingClient(answer: (request: Request) => Response | Promise<Response> = () => new Response("{}")) {
  const fetch = recordingFetch(answer);
  const client = createSellersCenterClient({
    apiKey: API_KEY,
    baseUrl: "https://partner.example.test",
    fetch,
    rateLimit: false,
    retry: false,
  });
  return { client, calls: fetch.calls };
}

export const settableStatus = fc.constantFrom(...SETTABLE_PRODUCT_STATUSES);

/** Style keys the spec and the client accept: 1..maxLength UTF-16 units, not blank. */
export const validStyleKey = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: STYLE_KEY_MAX_LENGTH, unit: "grapheme-ascii" }),
    fc.string({ minLength: 1, maxLength: STYLE_KEY_MAX_LENGTH }),
    fc.string({ minLength: 1, maxLength: STYLE_KEY_MAX_LENGTH, unit: "binary" }),
    fc.constant("x".repeat(STYLE_KEY_MAX_LENGTH)),
  )
  .filter((key) => key.trim() !== "" && key.length <= STYLE_KEY_MAX_LENGTH);

const extraKey = fc.string({ maxLength: 12 }).filter((key) => key !== "style_key" && key !== "status");
/** Extra properties a caller's objects may carry (or a server may add); never one of `reserved`. */
export function extraProperties(reserved: readonly string[] = []) {
  return fc.dictionary(
    extraKey.filter((key) => !reserved.includes(key)),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 3 },
  );
}

/** A valid item, possibly with extra properties (which must not be sent). */
export const validItem = fc
  .tuple(validStyleKey, settableStatus, extraProperties())
  .map(([style_key, status, extra]) => ({ ...extra, style_key, status }));

export const validItems = fc.array(validItem, { minLength: 1, maxLength: 8 });

/** Values of the wrong type for a string field. */
export const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);

export const blankString = fc.constantFrom("", " ", "   ", "\t", "\n \r", "\u00a0", "\u2003", "\u3000", "\ufeff");

/** One thing wrong with one item: what it does to the item, and the field the error must name (undefined: the item itself). */
export type ItemDefect = {
  describe: string;
  field: "style_key" | "status" | undefined;
  apply: (item: Record<string, unknown>) => unknown;
};

export const itemDefect: fc.Arbitrary<ItemDefect> = fc.oneof(
  blankString.map((value) => ({
    describe: `blank style_key ${JSON.stringify(value)}`,
    field: "style_key" as const,
    apply: (item: Record<string, unknown>) => ({ ...item, style_key: value }),
  })),
  fc
    .string({ minLength: STYLE_KEY_MAX_LENGTH + 1, maxLength: STYLE_KEY_MAX_LENGTH + 40, unit: "grapheme-ascii" })
    .map((value) => ({
      describe: `style_key of ${value.length}`,
      field: "style_key" as const,
      apply: (item: Record<string, unknown>) => ({ ...item, style_key: value }),
    })),
  notAString.map((value) => ({
    describe: `style_key ${JSON.stringify(value)}`,
    field: "style_key" as const,
    apply: (item: Record<string, unknown>) => ({ ...item, style_key: value }),
  })),
  fc.constant({
    describe: "no style_key",
    field: "style_key" as const,
    apply: ({ style_key: _, ...rest }: Record<string, unknown>) => rest,
  }),
  fc
    .oneof(
      fc.string(),
      fc.constantFrom("active", "Published", " published", "draft ", "pending_approval", "completed", "DRAFT"),
    )
    .filter((value) => !(SETTABLE_PRODUCT_STATUSES as readonly string[]).includes(value))
    .map((value) => ({
      describe: `status ${JSON.stringify(value)}`,
      field: "status" as const,
      apply: (item: Record<string, unknown>) => ({ ...item, status: value }),
    })),
  notAString.map((value) => ({
    describe: `status ${JSON.stringify(value)}`,
    field: "status" as const,
    apply: (item: Record<string, unknown>) => ({ ...item, status: value }),
  })),
  fc.constant({
    describe: "no status",
    field: "status" as const,
    apply: ({ status: _, ...rest }: Record<string, unknown>) => rest,
  }),
  fc
    .oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.integer(),
      fc.string(),
      fc.boolean(),
      fc.array(fc.string(), { maxLength: 2 }),
    )
    .map((value) => ({ describe: `item ${String(JSON.stringify(value))}`, field: undefined, apply: () => value })),
);

// --- response bodies ---------------------------------------------------------

export const anyStatus = fc.oneof(fc.constantFrom(...requestStatusValues), fc.string({ maxLength: 30 }));

/** A request item as a results body may echo it: any status string (not only settable ones), extra properties. */
const resultRequestItem = fc
  .tuple(
    fc.string({ maxLength: STYLE_KEY_MAX_LENGTH, unit: "grapheme-ascii" }),
    fc.oneof(settableStatus, fc.string({ maxLength: 20 })),
    extraProperties(),
  )
  .map(([style_key, status, extra]) => ({ ...extra, style_key, status }));

export const resultItem = fc
  .tuple(
    resultRequestItem,
    fc.boolean(),
    fc.array(fc.string({ maxLength: 40 }), { maxLength: 3 }),
    extraProperties(["requestItem", "success", "errors"]),
  )
  .map(([requestItem, success, errors, extra]) => ({ ...extra, requestItem, success, errors }));

/** A `ProductStatusResults` body the spec allows: any status string, any items, extra properties anywhere. */
export const resultsBody = fc
  .tuple(
    fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
    anyStatus,
    fc.array(resultItem, { maxLength: 6 }),
    extraProperties(["batchRequestId", "status", "items"]),
  )
  .map(([batchRequestId, status, items, extra]) => ({ ...extra, batchRequestId, status, items }));

type Json = unknown;
/** Breaks one required part of a valid results body: the paths a parser must check. */
export const resultsDefect: fc.Arbitrary<{ describe: string; apply: (body: Record<string, Json>) => Json }> = fc.oneof(
  fc.constantFrom("batchRequestId", "status", "items").map((key) => ({
    describe: `no ${key}`,
    apply: (body: Record<string, Json>) => Object.fromEntries(Object.entries(body).filter(([name]) => name !== key)),
  })),
  fc.tuple(fc.constantFrom("batchRequestId", "status", "items"), notAString).map(([key, value]) => ({
    describe: `${key} = ${JSON.stringify(value)}`,
    apply: (body: Record<string, Json>) => ({
      ...body,
      [key]: key === "items" && Array.isArray(value) && value.length === 0 ? "[]" : value,
    }),
  })),
  fc
    .tuple(
      fc.constantFrom("requestItem", "success", "errors"),
      fc.oneof(fc.constant(undefined), fc.integer(), fc.string(), fc.constant(null)),
    )
    .map(([key, value]) => ({
      describe: `items[0].${key} = ${String(JSON.stringify(value))}`,
      apply: (body: Record<string, Json>) => {
        const items = body.items as Record<string, Json>[];
        const first = {
          requestItem: { style_key: "A", status: "draft" },
          success: true,
          errors: [],
          ...items[0],
          [key]: value,
        };
        if (value === undefined) delete first[key];
        return { ...body, items: [first, ...items.slice(1)] };
      },
    })),
  fc.tuple(fc.constantFrom("style_key", "status"), notAString).map(([key, value]) => ({
    describe: `items[0].requestItem.${key} = ${JSON.stringify(value)}`,
    apply: (body: Record<string, Json>) => ({
      ...body,
      items: [{ requestItem: { style_key: "A", status: "draft", [key]: value }, success: false, errors: [] }],
    }),
  })),
  fc.constant({
    describe: "a style key longer than the spec allows",
    apply: (body: Record<string, Json>) => ({
      ...body,
      items: [
        {
          requestItem: { style_key: "K".repeat(STYLE_KEY_MAX_LENGTH + 1), status: "draft" },
          success: true,
          errors: [],
        },
      ],
    }),
  }),
  fc
    .oneof(
      fc.integer(),
      fc.string(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
    )
    .map((value) => ({
      describe: `the whole body ${JSON.stringify(value)}`,
      apply: () => value,
    })),
);

/** Text that is not JSON at all. */
export const notJsonText = fc
  .oneof(
    fc.string(),
    fc.constantFrom(
      "<html><body>Gateway</body></html>",
      "{",
      '{"batchRequestId":"3fa8',
      "undefined",
      "NaN",
      "{'a':1}",
      "[1,]",
    ),
    resultsBody
      .map((body) => JSON.stringify(body))
      .map((text) => text.slice(0, Math.max(1, Math.floor(text.length / 2)))),
  )
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });
