/** Shared helpers for the sandbox tests: a manual clock, raw requests, and sandboxes that always close. */
import { afterEach } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/index.ts";

export const UPDATE = "PUT /api/v1/products/status" as const;
export const RESULTS = "GET /api/v1/results/status" as const;

/** A clock the test moves by hand: `clock.now` for the sandbox, `clock.advance(ms)` to move time. */
export function manualClock(start = 1_700_000_000_000): {
  now: () => number;
  advance: (ms: number) => void;
  set: (ms: number) => void;
} {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

const running: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
});

/** Starts a sandbox that is closed after the current test. */
export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = await startSandbox(options);
  running.push(started);
  return started;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers freely and assert on what they find
export type Answer = { status: number; headers: Headers; text: string; json: () => any };

export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/** PUT items (apiKey null: no X-API-Key header). */
export function putItems(base: string, items: unknown, apiKey: string | null = "sandbox-key"): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (apiKey !== null) headers["x-api-key"] = apiKey;
  return send(`${base}/api/v1/products/status`, {
    method: "PUT",
    headers,
    body: typeof items === "string" ? items : JSON.stringify({ items }),
  });
}

export function getBatch(base: string, id: string | undefined, apiKey: string | null = "sandbox-key"): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (apiKey !== null) headers["x-api-key"] = apiKey;
  const query = id === undefined ? "" : `?batch_request_id=${encodeURIComponent(id)}`;
  return send(`${base}/api/v1/results/status${query}`, { headers });
}

/** Submits items and returns the new batch id (fails the test on anything but 200). */
export async function submit(base: string, items: unknown, apiKey = "sandbox-key"): Promise<string> {
  const answer = await putItems(base, items, apiKey);
  if (answer.status !== 200) throw new Error(`PUT answered ${answer.status}: ${answer.text}`);
  return answer.json().batchRequestId as string;
}

export const RFC4122_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
