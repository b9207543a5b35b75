/** `sellers-center set-status`: the built command against an in-process sandbox. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSellersCenterClient, type SellersCenterClient } from "../../src/index.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { ANSI_ESCAPE, runCli, UUID, waitForOutput } from "./run-cli.ts";

const KEY = "cli-set-status-test-key-41d2e8";
let sandbox: Sandbox;
let slowSandbox: Sandbox;
let client: SellersCenterClient;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ apiKeys: [KEY], batches: { pendingMs: 50, processingMs: 100, approvalMs: 60_000 } });
  slowSandbox = await startSandbox({ apiKeys: [KEY], batches: { pendingMs: 60_000 } });
  client = createSellersCenterClient({ baseUrl: sandbox.url, apiKey: KEY });
  dir = await mkdtemp(join(tmpdir(), "sellers-center-cli-"));
});
afterAll(async () => {
  await client?.close();
  await sandbox?.close();
  await slowSandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const env = () => ({ SELLERS_CENTER_API_KEY: KEY });
const requestedKeys = (results: { items: { requestItem: { style_key: string } }[] }) =>
  results.items.map((item) => item.requestItem.style_key);

describe("sellers-center set-status without --wait", () => {
  it("submits, prints only the batch id on stdout and exits 0; the batch holds the items", async () => {
    const run = await runCli(["set-status", "published", "NEW-A", "NEW-B", "--base-url", sandbox.url], { env: env() });
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(UUID);
    expect(run.stdout).toBe(`${id}\n`);
    expect(run.stderr).toContain(`sellers-center status ${id} --wait`);
    const results = await client.waitForProductStatusResults(id, { firstDelayMs: 10, minDelayMs: 10 });
    expect(requestedKeys(results)).toEqual(["NEW-A", "NEW-B"]);
  });

  it("splits into batches of --batch-size and prints one id a line", async () => {
    const run = await runCli(
      ["set-status", "draft", "NEW-C", "NEW-D", "NEW-E", "--batch-size", "2", "--base-url", sandbox.url],
      { env: env() },
    );
    expect(run.code).toBe(0);
    const ids = run.stdout.trim().split("\n");
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it("--json prints one JSON document with the batch ids", async () => {
    const run = await runCli(["set-status", "inactive", "ACTIVE-1", "--json", "--base-url", sandbox.url], {
      env: env(),
    });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toEqual({ batchRequestIds: [expect.stringMatching(UUID)], submitted: 1 });
  });
});

describe("sellers-center set-status --wait", () => {
  it("prints the summary and exits 0 when every item succeeded", async () => {
    const run = await runCli(["set-status", "published", "NEW-F", "NEW-G", "--wait", "--base-url", sandbox.url], {
      env: env(),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Batch [0-9a-f-]{36}: completed, 2 items: 2 succeeded, 0 failed\.\n/);
    expect(run.stdout).not.toContain("STYLE KEY");
    expect(run.stderr).toMatch(/Submitted batch [0-9a-f-]{36} \(2 items\)/);
    expect(run.stdout + run.stderr).not.toMatch(ANSI_ESCAPE);
  });

  it("prints the failure table (style key, requested status, errors) and exits 1 when some items failed", async () => {
    const run = await runCli(
      ["set-status", "draft", "ACTIVE-2", "NEW-H", "UNKNOWN-1", "--wait", "--base-url", sandbox.url],
      { env: env() },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("3 items: 1 succeeded, 2 failed.");
    expect(run.stdout).toMatch(/STYLE KEY\s+REQUESTED\s+ERRORS\n/);
    expect(run.stdout).toMatch(/ACTIVE-2\s+draft\s+Cannot set style_key "ACTIVE-2" to "draft"/);
    expect(run.stdout).toMatch(/UNKNOWN-1\s+draft\s+Product with style_key "UNKNOWN-1" not found/);
  });

  it("exits 1 when the whole batch failed", async () => {
    const run = await runCli(["set-status", "published", "FAIL-BATCH-1", "--wait", "--base-url", sandbox.url], {
      env: env(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/: failed, /);
  });

  it("--json prints exactly one JSON document with the merged summary", async () => {
    const run = await runCli(
      ["set-status", "inactive", "ACTIVE-3", "UNKNOWN-2", "--wait", "--json", "--base-url", sandbox.url],
      { env: env() },
    );
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ total: 2, succeeded: 1, failed: 1, submitted: 2, unreported: [] });
    expect(doc.failures).toEqual([
      {
        styleKey: "UNKNOWN-2",
        requestedStatus: "inactive",
        errors: ['Product with style_key "UNKNOWN-2" not found'],
        batchRequestId: doc.batches[0].batchRequestId,
      },
    ]);
  });

  it("reads style keys from stdin with -: trimmed, blank lines and # comments skipped, repeats sent once", async () => {
    const stdin = "# products to publish\n  NEW-I  \n\nNEW-J\r\nNEW-I\n";
    const run = await runCli(["set-status", "published", "-", "--wait", "--json", "--base-url", sandbox.url], {
      env: env(),
      stdin,
    });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ total: 2, succeeded: 2, submitted: 2 });
    const results = await client.getProductStatusResults(doc.batches[0].batchRequestId);
    expect(requestedKeys(results)).toEqual(["NEW-I", "NEW-J"]);
    expect(run.stderr).toContain("1 repeated style key sent once");
  });

  it("reads style keys from --file, after those given as arguments", async () => {
    const file = join(dir, "keys.txt");
    await writeFile(file, "NEW-K\n# not a key\n\nUNKNOWN-3\n");
    const run = await runCli(
      ["set-status", "published", "NEW-L", "--file", file, "--wait", "--json", "--base-url", sandbox.url],
      { env: env() },
    );
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    const results = await client.getProductStatusResults(doc.batches[0].batchRequestId);
    expect(requestedKeys(results)).toEqual(["NEW-L", "NEW-K", "UNKNOWN-3"]);
    expect(doc.failures.map((f: { styleKey: string }) => f.styleKey)).toEqual(["UNKNOWN-3"]);
  });

  it("exits 2 when --file cannot be read, or holds no style keys", async () => {
    const missing = await runCli(
      ["set-status", "published", "--file", join(dir, "nope.txt"), "--base-url", sandbox.url],
      { env: env() },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
    const empty = join(dir, "empty.txt");
    await writeFile(empty, "\n# nothing here\n");
    const none = await runCli(["set-status", "published", "--file", empty, "--base-url", sandbox.url], { env: env() });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("No style keys found");
  });

  it("exits 4 when --timeout passes, listing the submitted batch so it is not lost", async () => {
    const run = await runCli(
      ["set-status", "draft", "DRAFT-1", "--wait", "--timeout", "300ms", "--base-url", slowSandbox.url],
      { env: env() },
    );
    expect(run.code).toBe(4);
    expect(run.stdout).toBe("");
    const id = /Submitted batch ([0-9a-f-]{36})/.exec(run.stderr)?.[1];
    expect(id).toMatch(UUID);
    expect(run.stderr).toContain(`did not finish within`);
    expect(run.stderr).toContain(`check later with \`sellers-center status <id> --wait\`:\n  ${id}\n`);
  });

  it("on SIGINT stops waiting, lists the submitted batch and exits 130", async () => {
    let stderr = "";
    const run = await runCli(["set-status", "draft", "DRAFT-1", "--wait", "--base-url", slowSandbox.url], {
      env: env(),
      onSpawn: (child) => {
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        void waitForOutput(() => stderr, "Submitted batch").then(() => child.kill("SIGINT"));
      },
    });
    expect(run.code).toBe(130);
    const id = /Submitted batch ([0-9a-f-]{36})/.exec(run.stderr)?.[1];
    expect(run.stderr).toContain("Interrupted by SIGINT");
    expect(run.stderr).toContain(`  ${id}\n`);
  });

  it("exits 2 for a status products cannot be set to, sending nothing", async () => {
    const before = sandbox.stats().batchesCreated;
    const run = await runCli(["set-status", "active", "ACTIVE-1", "--base-url", sandbox.url], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"active" is not a status a product can be set to: use published, inactive, draft.');
    expect(sandbox.stats().batchesCreated).toBe(before);
  });

  it("exits 2 for a style key the API would refuse (too long), sending nothing", async () => {
    const before = sandbox.stats().batchesCreated;
    const run = await runCli(["set-status", "draft", "X".repeat(500), "--wait", "--base-url", sandbox.url], {
      env: env(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Nothing was sent");
    expect(sandbox.stats().batchesCreated).toBe(before);
  });
});
