import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox/index.ts";
import { getBatch, putItems, sandbox, send } from "./helpers.ts";

describe("auth", () => {
  it("answers 401 {message} for a missing or unknown key, before validation, without echoing the key", async () => {
    const sb = await sandbox({ apiKeys: ["right-key"] });
    const missing = await putItems(sb.url, [], null);
    expect(missing.status).toBe(401);
    expect(missing.json().message).toMatch(/^Missing X-API-Key header/);
    const wrong = await getBatch(sb.url, "not-a-uuid", "wrong-key-123");
    expect(wrong.status).toBe(401);
    expect(wrong.json().message).toMatch(/^Invalid API key/);
    expect(wrong.text).not.toContain("wrong-key-123");
    expect((await putItems(sb.url, [{ style_key: "A", status: "draft" }], "right-key")).status).toBe(200);
  });

  it("starts with the key sandbox-key by default and reports it", async () => {
    const sb = await sandbox();
    expect(sb.apiKeys).toEqual(["sandbox-key"]);
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe("routing", () => {
  it("answers 404 {message} for a path or method the API does not have", async () => {
    const sb = await sandbox();
    for (const [method, path] of [
      ["GET", "/api/v1/nothing"],
      ["POST", "/api/v1/products/status"],
      ["GET", "/api/v1/products/status"],
    ] as const) {
      const answer = await send(`${sb.url}${path}`, { method, headers: { "x-api-key": "sandbox-key" } });
      expect(answer.status).toBe(404);
      expect(answer.json().message).toBe(
        `No operation ${method} ${path}: this sandbox serves PUT /api/v1/products/status and GET /api/v1/results/status (path and method must match).`,
      );
    }
  });
});

describe("latency", () => {
  it("delays every answer by latencyMs", async () => {
    const sb = await sandbox({ latencyMs: 80 });
    const started = performance.now();
    expect((await getBatch(sb.url, undefined)).status).toBe(400);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });
});

describe("options", () => {
  it.each([
    [{ apiKeys: [] }, /apiKeys must be a non-empty list/],
    [{ rateLimit: { mode: "rolling" as never } }, /rateLimit.mode must be "fixed" or "sliding"/],
    [{ rateLimit: { limits: { "GET /nope": 5 } as never } }, /"GET \/nope", which is not an operation/],
    [{ rateLimit: { windowMs: 0 } }, /windowMs must be > 0/],
    [{ faults: { hang: 2 } }, /faults.hang is a probability/],
    [{ batches: { catalogue: { A: "published" as never } } }, /catalogue\["A"\] must be a product state/],
    [{ batches: { route: "done" as never } }, /batches.route must be/],
    [{ latencyMs: -1 }, /latencyMs must be a number >= 0/],
  ])("refuses %j", async (options, message) => {
    await expect(startSandbox(options)).rejects.toThrow(message);
  });
});
