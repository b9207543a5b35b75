/**
 * Properties of the client options checked at creation: baseUrl (https for
 * any host, plain http only for loopback hosts, never credentials, query or
 * fragment; requests go under the base path) and apiKey (printable ASCII
 * without spaces, trimmed, sent as X-API-Key; anything else refused with a
 * ConfigurationError that does not echo the key).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigurationError, createSellersCenterClient } from "../../src/index.ts";
import { recordingFetch, SAMPLE_ID } from "../support/recording-fetch.ts";
import { API_KEY, NUM_RUNS } from "./arbitraries.ts";

const completed = () => new Response(JSON.stringify({ batchRequestId: SAMPLE_ID, status: "completed", items: [] }));

function create(options: { baseUrl?: string; apiKey?: string }) {
  const fetch = recordingFetch(completed);
  const client = createSellersCenterClient({ apiKey: API_KEY, ...options, fetch, rateLimit: false, retry: false });
  return { client, calls: fetch.calls };
}

function creationError(options: { baseUrl?: string; apiKey?: string }): unknown {
  try {
    create(options);
    return undefined;
  } catch (error) {
    return error;
  }
}

const isLoopbackByTest = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
const port = fc
  .option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined })
  .map((value) => (value === undefined ? "" : `:${value}`));
const path = fc
  .array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 3 })
  .map((segments) => segments.map((segment) => `/${segment}`).join(""));

describe("baseUrl (property)", () => {
  it("https with any host and path is accepted, and requests go to the spec path under it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.domain(), port, path, fc.boolean(), async (host, portPart, pathPart, trailingSlash) => {
        const baseUrl = `https://${host}${portPart}${pathPart}${trailingSlash ? "/" : ""}`;
        const { client, calls } = create({ baseUrl });
        await client.getProductStatusResults(SAMPLE_ID);
        const sent = new URL(calls[0]?.url ?? "");
        const base = new URL(baseUrl);
        expect(sent.origin).toBe(base.origin);
        expect(sent.pathname).toBe(`${base.pathname.replace(/\/$/, "")}/api/v1/results/status`);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("plain http is accepted for loopback hosts only", async () => {
    const loopback = fc.oneof(
      fc.constantFrom("localhost", "[::1]"),
      fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `127.${a}.${b}.${c}`),
    );
    const elsewhere = fc.oneof(
      fc.domain(),
      fc.ipV4(),
      fc.constantFrom("127.0.0.1.example.com", "localhost.example.com", "[::2]", "0.0.0.0", "10.0.0.1"),
    );
    await fc.assert(
      fc.property(fc.oneof(loopback, elsewhere), port, (host, portPart) => {
        const error = creationError({ baseUrl: `http://${host}${portPart}` });
        if (isLoopbackByTest(new URL(`http://${host}`).hostname)) {
          expect(error).toBeUndefined();
        } else {
          expect(error).toBeInstanceOf(ConfigurationError);
          expect((error as Error).message).toMatch(/only travel over https/);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("other schemes, credentials, queries, fragments and non-URLs are refused", () => {
    const refused = fc.oneof(
      fc
        .tuple(fc.constantFrom("ftp", "ws", "wss", "file", "data", "javascript"), fc.domain())
        .map(([scheme, host]) => `${scheme}://${host}/`),
      fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), fc.domain()).map(([user, host]) => `https://${user}:secret@${host}`),
      fc
        .tuple(fc.domain(), fc.stringMatching(/^[a-z]{1,6}=[a-z0-9]{0,6}$/))
        .map(([host, query]) => `https://${host}/?${query}`),
      fc
        .tuple(fc.domain(), fc.stringMatching(/^[a-z]{1,6}$/))
        .map(([host, fragment]) => `https://${host}/#${fragment}`),
      fc.string().filter((text) => !URL.canParse(text)),
    );
    fc.assert(
      fc.property(refused, (baseUrl) => {
        expect(creationError({ baseUrl })).toBeInstanceOf(ConfigurationError);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

const printable = fc.string({
  minLength: 8,
  maxLength: 64,
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
});
const padding = fc.constantFrom("", " ", "\t", "\n", "  \r\n");

describe("apiKey (property)", () => {
  it("printable ASCII without spaces is accepted (surrounding whitespace trimmed) and sent as X-API-Key", async () => {
    await fc.assert(
      fc.asyncProperty(printable, padding, padding, async (key, before, after) => {
        const { client, calls } = create({ apiKey: `${before}${key}${after}` });
        await client.getProductStatusResults(SAMPLE_ID);
        expect(calls[0]?.headers.get("x-api-key")).toBe(key);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("blank keys, and keys with spaces, control or non-ASCII characters, are refused without echoing the key", () => {
    const bad = fc.constantFrom(" ", "\t", "\u0000", "\u007f", "\u00e9", "\u00a0", "\u2028", "\u{1F511}", "\r\n");
    const withBadCharacter = fc.tuple(printable, printable, bad).map(([start, end, char]) => `${start}${char}${end}`);
    const blank = fc.constantFrom("", " ", "\t\n", "   ");
    fc.assert(
      fc.property(fc.oneof(withBadCharacter, blank), (apiKey) => {
        const error = creationError({ apiKey });
        expect(error).toBeInstanceOf(ConfigurationError);
        const message = (error as Error).message;
        if (apiKey.trim() !== "") {
          expect(message).not.toContain(apiKey.trim());
          for (const part of apiKey.trim().split(/[^\x21-\x7e]/))
            if (part.length >= 8) expect(message).not.toContain(part);
        }
        expect(JSON.stringify(error)).not.toContain(apiKey.trim() || "\u0000never");
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
