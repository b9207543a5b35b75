/** The progress line: redrawn in place on a terminal, plain lines elsewhere, and untrusted text made harmless. */
import { describe, expect, it } from "vitest";
import { createProgressReporter } from "../../src/cli/progress.ts";
import { renderFailureTable } from "../../src/cli/render.ts";
import { ANSI_ESCAPE } from "./run-cli.ts";

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, output: { isTTY, columns: 100, write: (text: string) => writes.push(text) } };
}

const ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

describe("progress on a terminal", () => {
  it("redraws one line with the status, time elapsed and the countdown to the next poll, and clears it when stopped", () => {
    let now = 0;
    const { writes, output } = recorder(true);
    const progress = createProgressReporter({
      output,
      interactive: true,
      quiet: false,
      now: () => now,
      tickMs: 60_000,
    });
    progress.submitted(ID, 3);
    now = 2_000;
    progress.update({
      batchRequestId: ID,
      status: "processing",
      attempt: 2,
      elapsedMs: 2_000,
      nextPollInMs: 1_500,
      results: undefined,
    });
    now = 2_500;
    progress.update({
      batchRequestId: ID,
      status: "processing",
      attempt: 2,
      elapsedMs: 2_500,
      nextPollInMs: 1_000,
      results: undefined,
    });
    progress.stop();
    expect(writes[0]).toBe(`Submitted batch ${ID} (3 items).\n`);
    const last = writes.at(-2) ?? "";
    expect(last.startsWith("\r\u001b[2K")).toBe(true);
    expect(last).toContain("batch 3fa85f64…: processing");
    expect(last).toContain("2.5 s elapsed");
    expect(last).toContain("next poll in 1.0 s");
    expect(last).not.toContain("\n");
    expect(writes.at(-1)).toBe("\r\u001b[2K");
  });

  it("never draws wider than the terminal (a wrapped line could not be redrawn)", () => {
    const { writes, output } = recorder(true);
    output.columns = 30;
    const progress = createProgressReporter({ output, interactive: true, quiet: false, tickMs: 60_000 });
    progress.update({
      batchRequestId: ID,
      status: "processing",
      attempt: 1,
      elapsedMs: 0,
      nextPollInMs: 750,
      results: undefined,
    });
    progress.stop();
    expect(writes[0]?.replace("\r\u001b[2K", "").length).toBeLessThanOrEqual(29);
  });
});

describe("progress elsewhere", () => {
  it("writes a plain line per status change and per failed poll, with no escape codes", () => {
    const { writes, output } = recorder(false);
    const progress = createProgressReporter({ output, interactive: false, quiet: false });
    progress.submitted(ID, 1);
    progress.update({
      batchRequestId: ID,
      status: "pending",
      attempt: 1,
      elapsedMs: 750,
      nextPollInMs: 750,
      results: undefined,
    });
    progress.update({
      batchRequestId: ID,
      status: "pending",
      attempt: 2,
      elapsedMs: 1500,
      nextPollInMs: 750,
      results: undefined,
    });
    progress.update({
      batchRequestId: ID,
      status: "pending",
      attempt: 3,
      elapsedMs: 2250,
      nextPollInMs: 900,
      results: undefined,
      error: new Error("Server answered 503. Retry later."),
    });
    progress.update({
      batchRequestId: ID,
      status: "completed",
      attempt: 4,
      elapsedMs: 3000,
      nextPollInMs: undefined,
      results: undefined,
    });
    progress.stop();
    expect(writes).toHaveLength(4);
    expect(writes[1]).toMatch(new RegExp(`batch ${ID}: pending\\n$`));
    expect(writes[2]).toContain("poll 3 failed, trying again: Server answered 503.");
    expect(writes[3]).toMatch(/: completed\n$/);
    expect(writes.join("")).not.toMatch(ANSI_ESCAPE);
  });

  it("--quiet prints nothing", () => {
    const { writes, output } = recorder(true);
    const progress = createProgressReporter({ output, interactive: true, quiet: true });
    progress.submitted(ID, 1);
    progress.update({
      batchRequestId: ID,
      status: "pending",
      attempt: 1,
      elapsedMs: 0,
      nextPollInMs: 1,
      results: undefined,
    });
    progress.stop();
    expect(writes).toEqual([]);
  });
});

describe("failure table", () => {
  it("shows control characters from the API or input files as escapes, so they cannot drive the terminal", () => {
    const table = renderFailureTable([{ styleKey: "EVIL-\u001b[2J", requestedStatus: "draft", errors: ["bad\rnews"] }]);
    expect(table).not.toMatch(ANSI_ESCAPE);
    expect(table).toContain("EVIL-\\x1b[2J");
    expect(table).toContain("bad\\x0dnews");
  });
});
