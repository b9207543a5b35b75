/** `sellers-center sandbox` in the foreground, and `npm run demo` (scripts/demo.ts) end to end. */
import { describe, expect, it } from "vitest";
import { type CliRun, runCli, waitForOutput } from "./run-cli.ts";

describe("sellers-center sandbox", () => {
  it("prints its URL and key, answers requests, and stops cleanly on SIGTERM", async () => {
    let stdout = "";
    let answered: Response | undefined;
    const run: CliRun = await runCli(["sandbox", "--port", "0"], {
      onSpawn: (child) => {
        child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        void waitForOutput(() => stdout, "Ctrl-C stops it.")
          .then(async () => {
            const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
            answered = await fetch(
              `${url}/api/v1/results/status?batch_request_id=00000000-0000-4000-8000-000000000000`,
              {
                headers: { "X-API-Key": "sandbox-key" },
              },
            );
          })
          .finally(() => child.kill("SIGTERM"));
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain("API key: sandbox-key");
    expect(answered?.status).toBe(404); // an id nobody submitted: the sandbox is up and checks keys
    expect(run.stderr).toContain("Sandbox stopped");
  });

  it("exits 2 with a hint when the port is taken", async () => {
    const { startSandbox } = await import("../../src/sandbox/index.ts");
    const busy = await startSandbox();
    try {
      const port = new URL(busy.url).port;
      const run = await runCli(["sandbox", "--port", port]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await busy.close();
    }
  });
});

describe("npm run demo", () => {
  it("runs with no environment: sandbox, live progress, a summary with the failure table; exits 0", async () => {
    const run = await runCli([], { nodeArgs: ["--import", "tsx", "scripts/demo.ts"], killAfterMs: 30_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Batch [0-9a-f-]{36}: completed, 6 items: 3 succeeded, 3 failed\./);
    expect(run.stdout).toMatch(/STYLE KEY\s+REQUESTED\s+ERRORS/);
    expect(run.stdout).toMatch(/ACTIVE-1\s+draft\s+Cannot set/);
    expect(run.stdout).toMatch(/PENDING-1\s+inactive\s+Cannot set/);
    expect(run.stdout).toMatch(/UNKNOWN-JACKET\s+published\s+Product with style_key "UNKNOWN-JACKET" not found/);
    expect(run.stderr).toMatch(/batch [0-9a-f-]{36}: completed/);
  });
});
