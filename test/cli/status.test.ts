/** `sellers-center status`: the built command against an in-process sandbox. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSellersCenterClient, type SellersCenterClient } from "../../src/index.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { ANSI_ESCAPE, runCli } from "./run-cli.ts";

const KEY = "cli-status-test-key-7f3a9c";
let sandbox: Sandbox;
let slowSandbox: Sandbox;
let client: SellersCenterClient;
let slowClient: SellersCenterClient;

beforeAll(async () => {
  sandbox = await startSandbox({ apiKeys: [KEY], batches: { pendingMs: 50, processingMs: 100 } });
  slowSandbox = await startSandbox({ apiKeys: [KEY], batches: { pendingMs: 60_000 } });
  client = createSellersCenterClient({ baseUrl: sandbox.url, apiKey: KEY });
  slowClient = createSellersCenterClient({ baseUrl: slowSandbox.url, apiKey: KEY });
});
afterAll(async () => {
  await client?.close();
  await slowClient?.close();
  await sandbox?.close();
  await slowSandbox?.close();
});

const env = () => ({ SELLERS_CENTER_API_KEY: KEY });

async function submit(
  items: { style_key: string; status: "published" | "inactive" | "draft" }[],
  on = client,
): Promise<string> {
  return (await on.updateProductStatus(items)).batchRequestId;
}

describe("sellers-center status", () => {
  it("shows a batch that has not finished yet, with how to wait for it, and exits 0", async () => {
    const id = await submit([{ style_key: "DRAFT-1", status: "published" }], slowClient);
    const run = await runCli(["status", id, "--base-url", slowSandbox.url], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Batch ${id}: pending`);
    expect(run.stdout).toContain(`sellers-center status ${id} --wait`);
  });

  it("--wait polls until the batch finishes, prints the failure table and exits 1 when items failed", async () => {
    const id = await submit([
      { style_key: "ACTIVE-1", status: "draft" },
      { style_key: "UNKNOWN-7", status: "published" },
      { style_key: "ACTIVE-2", status: "inactive" },
    ]);
    const run = await runCli(["status", id, "--wait", "--base-url", sandbox.url], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Batch ${id}: completed. 3 items: 1 succeeded, 2 failed.`);
    const table = run.stdout.slice(run.stdout.indexOf("STYLE KEY"));
    expect(table.split("\n")[0]).toMatch(/^STYLE KEY\s+REQUESTED\s+ERRORS$/);
    expect(table).toMatch(/ACTIVE-1\s+draft\s+Cannot set style_key "ACTIVE-1" to "draft".*use "inactive"/);
    expect(table).toMatch(/UNKNOWN-7\s+published\s+Product with style_key "UNKNOWN-7" not found/);
    expect(table).not.toContain("ACTIVE-2");
    // Not a terminal: progress as plain lines on stderr, no escape codes anywhere.
    expect(run.stderr).toMatch(new RegExp(`batch ${id}: completed`));
    expect(run.stdout + run.stderr).not.toMatch(ANSI_ESCAPE);
  });

  it("--wait exits 0 when every item succeeded", async () => {
    const id = await submit([{ style_key: "ACTIVE-3", status: "inactive" }]);
    const run = await runCli(["status", id, "--wait", "--base-url", sandbox.url], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1 item: 1 succeeded, 0 failed.");
    expect(run.stdout).not.toContain("STYLE KEY");
  });

  it("--json prints exactly one JSON document (the summary) on stdout; progress stays on stderr", async () => {
    const id = await submit([{ style_key: "UNKNOWN-8", status: "inactive" }]);
    const run = await runCli(["status", id, "--wait", "--json", "--base-url", sandbox.url], { env: env() });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({
      batchRequestId: id,
      status: "completed",
      finished: true,
      total: 1,
      succeeded: 0,
      failed: 1,
    });
    expect(doc.failures).toEqual([
      { styleKey: "UNKNOWN-8", requestedStatus: "inactive", errors: ['Product with style_key "UNKNOWN-8" not found'] },
    ]);
    expect(run.stderr).toContain("completed");
  });

  it("--json without --wait reports an unfinished batch as not finished", async () => {
    const id = await submit([{ style_key: "DRAFT-1", status: "draft" }], slowClient);
    const run = await runCli(["status", id, "--json", "--base-url", slowSandbox.url], { env: env() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ batchRequestId: id, status: "pending", finished: false, total: 0 });
  });

  it("exits 4 when --timeout passes before the batch finishes, and names the batch to check later", async () => {
    const id = await submit([{ style_key: "DRAFT-1", status: "published" }], slowClient);
    const run = await runCli(["status", id, "--wait", "--timeout", "300ms", "--base-url", slowSandbox.url], {
      env: env(),
    });
    expect(run.code).toBe(4);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`did not finish within`);
    expect(run.stderr).toContain(`sellers-center status ${id} --wait`);
    expect(run.stderr).toContain(`  ${id}`);
  });

  it("exits 4 with --json and still prints one JSON document carrying the batch id", async () => {
    const id = await submit([{ style_key: "DRAFT-1", status: "inactive" }], slowClient);
    const run = await runCli(["status", id, "--wait", "--json", "--timeout", "200ms", "--base-url", slowSandbox.url], {
      env: env(),
    });
    expect(run.code).toBe(4);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({
      exitCode: 4,
      batchRequestIds: [id],
      error: { name: "BatchTimeoutError", batchRequestId: id },
    });
  });

  it("exits 3 for a batch id the API does not know, with a hint", async () => {
    const run = await runCli(["status", "00000000-0000-4000-8000-000000000000", "--base-url", sandbox.url], {
      env: env(),
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("404");
    expect(run.stderr).toContain("Check the batch id");
  });

  it("exits 2 for a malformed batch id, before sending anything", async () => {
    const run = await runCli(["status", "not-a-uuid", "--base-url", sandbox.url], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("must be a UUID");
  });
});
