import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError, createSellersCenterClient } from "../src/index.ts";
import { recordingFetch, SAMPLE_ID } from "./support/recording-fetch.ts";

afterEach(() => vi.unstubAllEnvs());

describe("client options", () => {
  it("refuses to start without an API key, saying where to put one", () => {
    vi.stubEnv("SELLERS_CENTER_API_KEY", undefined as unknown as string);
    expect(() => createSellersCenterClient()).toThrow(ConfigurationError);
    expect(() => createSellersCenterClient()).toThrow(/SELLERS_CENTER_API_KEY/);
  });

  it.each(["", "   ", "\n"])("refuses a blank key %o", (apiKey) => {
    expect(() => createSellersCenterClient({ apiKey })).toThrow(ConfigurationError);
  });

  it("refuses a key that cannot be a header value, without echoing it", () => {
    const error = (() => {
      try {
        createSellersCenterClient({ apiKey: "abc def-secret" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).not.toContain("def-secret");
  });

  it("takes the key from SELLERS_CENTER_API_KEY and sends it as X-API-Key", async () => {
    vi.stubEnv("SELLERS_CENTER_API_KEY", " env-key \n");
    const fetch = recordingFetch();
    await createSellersCenterClient({ baseUrl: "http://127.0.0.1:9", fetch })
      .getProductStatusResults(SAMPLE_ID)
      .catch(() => {});
    expect(fetch.calls[0]?.headers.get("x-api-key")).toBe("env-key");
  });

  it("defaults to the production host over https", async () => {
    const fetch = recordingFetch();
    await createSellersCenterClient({ apiKey: "k", fetch })
      .getProductStatusResults(SAMPLE_ID)
      .catch(() => {});
    expect(fetch.calls[0]?.url).toBe(
      `https://partner.aboutyou.com/api/v1/results/status?batch_request_id=${SAMPLE_ID}`,
    );
  });

  it.each([
    "http://partner.aboutyou.com",
    "http://10.0.0.5:8080",
    "ftp://127.0.0.1",
    "not a url",
    "https://user:pw@example.com",
  ])("refuses base URL %s", (baseUrl) => {
    expect(() => createSellersCenterClient({ apiKey: "k", baseUrl })).toThrow(ConfigurationError);
  });

  it.each([
    "http://127.0.0.1:4010",
    "http://localhost:4010",
    "http://[::1]:4010",
    "https://sandbox.example.com/prefix",
  ])("accepts base URL %s", (baseUrl) => {
    expect(() => createSellersCenterClient({ apiKey: "k", baseUrl })).not.toThrow();
  });

  it("keeps a base URL's path prefix", async () => {
    const fetch = recordingFetch();
    await createSellersCenterClient({ apiKey: "k", baseUrl: "https://gateway.example.com/sc/", fetch })
      .getProductStatusResults(SAMPLE_ID)
      .catch(() => {});
    expect(fetch.calls[0]?.url).toMatch(/^https:\/\/gateway\.example\.com\/sc\/api\/v1\/results\/status\?/);
  });

  it.each([0, -1, Number.NaN])("refuses timeoutMs %o", (timeoutMs) => {
    expect(() => createSellersCenterClient({ apiKey: "k", timeoutMs })).toThrow(ConfigurationError);
  });
});
