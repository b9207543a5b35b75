/**
 * npm run demo: the whole flow in a few seconds, with no account, no key and
 * no network. Starts the local sandbox on a free port, sets six products to
 * new statuses (three of which the sandbox refuses, as the real API would),
 * waits with the CLI's live progress, prints the CLI's summary with the
 * failure table, and stops the sandbox.
 */

import { setStatusAndWait } from "../src/cli/commands/set-status.ts";
import { EXIT } from "../src/cli/exit-codes.ts";
import { processIo } from "../src/cli/io.ts";
import { reportError } from "../src/cli/report-error.ts";
import { renderTable } from "../src/cli/table.ts";
import type { ProductStatusItem } from "../src/index.ts";
import { createSellersCenterClient } from "../src/index.ts";
import { startSandbox } from "../src/sandbox/index.ts";

/** Each item with what the sandbox's catalogue makes of it. */
const CHANGES: Array<ProductStatusItem & { why: string }> = [
  { style_key: "DRAFT-1", status: "published", why: "a draft: goes to approval" },
  { style_key: "NEW-SUMMER-DRESS", status: "published", why: "unknown here: created as a draft, then submitted" },
  { style_key: "ACTIVE-2", status: "inactive", why: "active: hidden from the shop" },
  { style_key: "ACTIVE-1", status: "draft", why: "active: refused, draft only before approval" },
  { style_key: "PENDING-1", status: "inactive", why: "awaiting approval: refused, not approved yet" },
  { style_key: "UNKNOWN-JACKET", status: "published", why: "does not exist: refused" },
];

const io = processIo();
const say = (text = "") => io.stdout.write(`${text}\n`);

const sandbox = await startSandbox({ port: 0, batches: { pendingMs: 600, processingMs: 1500, approvalMs: 60_000 } });
// approvalMs: long enough that PENDING-1 is still awaiting approval when the batch completes.
// A throwaway local key: the sandbox accepts nothing else, and it opens nothing but this process.
const apiKey = sandbox.apiKeys[0] ?? "sandbox-key";
const client = createSellersCenterClient({ baseUrl: sandbox.url, apiKey });
let exitCode: number = EXIT.ok;
try {
  say("sellers-center demo: a local sandbox stands in for the Sellers Center API (no account, no network).");
  say(`Sandbox listening on ${sandbox.url}; batches stay pending 0.6 s, then processing 1.5 s.`);
  say();
  say(`Setting ${CHANGES.length} products in one batch:`);
  say(
    renderTable(
      ["STYLE KEY", "TO", "WHAT THE SANDBOX KNOWS"],
      CHANGES.map((c) => [c.style_key, c.status, c.why]),
    ).replace(/^/gm, "  "),
  );
  say();
  const context = { io, batchIds: [] as string[], apiKey };
  const items = CHANGES.map(({ style_key, status }) => ({ style_key, status }));
  try {
    const code = await setStatusAndWait(
      client,
      items,
      { json: false, quiet: false, timeoutMs: 15_000, batchSize: undefined },
      context,
    );
    say();
    say(
      code === EXIT.itemsFailed
        ? "The failed items are listed with the API's reasons: the command line exits 1 in this case (0 when all succeed)."
        : "Every item succeeded.",
    );
    say("The same with the command line, against this sandbox or the real API:");
    say("  sellers-center sandbox                      # in one terminal");
    say("  export SELLERS_CENTER_API_KEY=sandbox-key");
    say("  sellers-center set-status draft ACTIVE-1 DRAFT-1 --base-url http://127.0.0.1:4010 --wait");
    say("  sellers-center --help");
  } catch (error) {
    exitCode = reportError({
      error,
      batchIds: context.batchIds,
      json: false,
      stdout: io.stdout,
      stderr: io.stderr,
      redact: (text) => text,
    });
  }
} finally {
  await client.close();
  await sandbox.close();
  io.dispose();
}
// Exit explicitly: nothing should linger after the demo (e.g. a rate-limit token due back a window later).
process.exit(exitCode);
