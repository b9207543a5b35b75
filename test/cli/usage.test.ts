/** Help, version, usage errors and the API key's handling, through the built command. */
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { runCli } from "./run-cli.ts";

const KEY = "cli-usage-test-key-c0ffee42";
let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ apiKeys: [KEY], batches: { pendingMs: 50, processingMs: 100 } });
  dir = await mkdtemp(join(tmpdir(), "sellers-center-cli-"));
});
afterAll(async () => {
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("help and version", () => {
  it("--help lists the commands and documents every exit code", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    for (const text of [
      "status <batch-id>",
      "set-status <published|inactive|draft>",
      "sandbox",
      "SELLERS_CENTER_API_KEY",
      "--api-key-file",
    ]) {
      expect(run.stdout).toContain(text);
    }
    for (const code of ["0 ", "1 ", "2 ", "3 ", "4 "]) expect(run.stdout).toMatch(new RegExp(`^  ${code}`, "m"));
  });

  it("each command has its own --help (and help <command>)", async () => {
    const flag = await runCli(["set-status", "--help"]);
    const word = await runCli(["help", "set-status"]);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain("Usage: sellers-center set-status");
    expect(flag.stdout).toContain("--file <path>");
    expect(word.stdout).toBe(flag.stdout);
    expect((await runCli(["status", "-h"])).stdout).toContain("Usage: sellers-center status <batch-id>");
    expect((await runCli(["sandbox", "--help"])).stdout).toContain("--port <n>");
  });

  it("--version prints the package's version", async () => {
    const run = await runCli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });
});

describe("usage errors exit 2 and point at the help", () => {
  it.each([
    [[], "No command given."],
    [["publish"], 'Unknown command "publish"'],
    [["status"], "status needs a batch id."],
    [["set-status", "draft", "A-1", "--bogus"], "Unknown option '--bogus'"],
    [["status", "00000000-0000-4000-8000-000000000000", "--timeout", "5s"], "--timeout only applies with --wait."],
    [["status", "00000000-0000-4000-8000-000000000000", "--wait", "--timeout", "soon"], "--timeout must be a duration"],
  ])("%j", async (args, message) => {
    const run = await runCli(args, { env: { SELLERS_CENTER_API_KEY: KEY } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("--help");
  });

  it("with --json, a usage error is one JSON document on stdout too", async () => {
    const run = await runCli(["set-status", "active", "A-1", "--json"], { env: { SELLERS_CENTER_API_KEY: KEY } });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ exitCode: 2, error: { name: "UsageError" } });
  });
});

describe("the API key", () => {
  it("missing: exits 2, says where a key comes from, sends nothing", async () => {
    const before = sandbox.stats().unauthorized + sandbox.stats().batchesCreated;
    const run = await runCli(["set-status", "draft", "A-1", "--base-url", sandbox.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("No API key: set SELLERS_CENTER_API_KEY");
    expect(run.stderr).toContain("--api-key-file");
    expect(sandbox.stats().unauthorized + sandbox.stats().batchesCreated).toBe(before);
  });

  it.each([["--api-key", KEY], [`--api-key=${KEY}`], ["--apikey", KEY]])(
    "%s on the command line is refused, explaining why, without echoing the key",
    async (...args) => {
      const run = await runCli(["status", "00000000-0000-4000-8000-000000000000", ...args, "--base-url", sandbox.url]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("is not accepted");
      expect(run.stderr).toContain("process list");
      expect(run.stderr).toContain("SELLERS_CENTER_API_KEY");
      expect(run.stderr).toContain("--api-key-file <path>");
      expect(run.stdout + run.stderr).not.toContain(KEY);
    },
  );

  it("--api-key-file: the key is read from the file (trimmed)", async () => {
    const file = join(dir, "key");
    await writeFile(file, `${KEY}\n`);
    await chmod(file, 0o600);
    const run = await runCli(["set-status", "draft", "NEW-1", "--base-url", sandbox.url, "--api-key-file", file]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("Warning");
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it("--api-key-file readable by others: works, with a warning to chmod 600", async () => {
    const file = join(dir, "open-key");
    await writeFile(file, KEY);
    await chmod(file, 0o644);
    const run = await runCli(["set-status", "draft", "NEW-2", "--base-url", sandbox.url, "--api-key-file", file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`chmod 600 ${file}`);
  });

  it("--api-key-file that does not exist: exits 2 naming the file", async () => {
    const run = await runCli([
      "status",
      "00000000-0000-4000-8000-000000000000",
      "--api-key-file",
      join(dir, "missing"),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Cannot read the API key file");
    expect(run.stderr).toContain("no such file");
  });

  it("a wrong key: exits 3 with a hint, and neither key is printed", async () => {
    const wrong = "cli-wrong-key-5e1d";
    const run = await runCli(["status", "00000000-0000-4000-8000-000000000000", "--base-url", sandbox.url, "--json"], {
      env: { SELLERS_CENTER_API_KEY: wrong },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("401");
    expect(run.stderr).toContain("Check the key in SELLERS_CENTER_API_KEY or --api-key-file");
    expect(JSON.parse(run.stdout)).toMatchObject({ exitCode: 3, error: { name: "UnauthorizedError", status: 401 } });
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it("is never printed, on success or failure, in text or JSON", async () => {
    const env = { SELLERS_CENTER_API_KEY: KEY };
    const runs = await Promise.all([
      runCli(["set-status", "draft", "ACTIVE-1", "UNKNOWN-1", "--wait", "--base-url", sandbox.url], { env }),
      runCli(["set-status", "draft", "ACTIVE-1", "--wait", "--json", "--base-url", sandbox.url], { env }),
      runCli(
        ["status", "00000000-0000-4000-8000-000000000000", "--wait", "--timeout", "100ms", "--base-url", sandbox.url],
        { env },
      ),
    ]);
    expect(runs.map((run) => run.code)).toEqual([1, 1, 4]);
    for (const run of runs) expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it("exits 3 when the API cannot be reached, with a hint about --base-url", async () => {
    const closed = await startSandbox();
    const url = closed.url;
    await closed.close();
    const run = await runCli(["status", "00000000-0000-4000-8000-000000000000", "--base-url", url], {
      env: { SELLERS_CENTER_API_KEY: KEY },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("check --base-url");
  });

  it("a non-https --base-url other than loopback is refused with exit 2 (the key would travel in clear text)", async () => {
    const run = await runCli(["status", "00000000-0000-4000-8000-000000000000", "--base-url", "http://example.com"], {
      env: { SELLERS_CENTER_API_KEY: KEY },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("https");
  });
});
