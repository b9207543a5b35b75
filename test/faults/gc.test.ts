import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const fixture = fileURLToPath(new URL("./fixtures/gc-timeout.ts", import.meta.url));

describe("timeouts and aborts survive garbage collection", () => {
  it("a hung answer still times out, and an abort still arrives, while the collector runs", async () => {
    // Node's fetch links a Request's signal to its source through a weak reference; a transport
    // that let its Request be collected lost both (a hung call then waited forever).
    const { stdout } = await run(process.execPath, ["--expose-gc", "--import", "tsx", fixture], { timeout: 20_000 });
    const { timedOut, aborted } = JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
    expect(timedOut.ended).toBe("TimeoutError");
    expect(timedOut.afterMs).toBeLessThan(2_000);
    expect(aborted.ended).toBe("Error");
    expect(aborted.afterMs).toBeLessThan(2_000);
  });
});
