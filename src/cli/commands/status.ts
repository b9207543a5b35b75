/** `sellers-center status <batch-id> [--wait] [--json]`: a batch's status and results, now or once finished. */
import { isTerminalStatus, type ProductStatusResults, summarizeBatch } from "../../index.ts";
import type { ParsedCommand } from "../args.ts";
import { connect } from "../connect.ts";
import { type CommandContext, progressFor } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { renderBatchSummary, renderJson } from "../render.ts";

export async function runStatus(
  args: Extract<ParsedCommand, { command: "status" }>,
  context: CommandContext,
): Promise<ExitCode> {
  const { io } = context;
  const { client, apiKey } = await connect(args, { env: io.env, stderr: io.stderr, command: "status" });
  context.apiKey = apiKey;
  try {
    let results: ProductStatusResults;
    if (args.wait) {
      context.batchIds.push(args.batchRequestId);
      const progress = progressFor(context, args);
      try {
        results = await client.waitForProductStatusResults(args.batchRequestId, {
          signal: io.signal,
          ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
          onProgress: (event) => progress.update({ ...event, batchRequestId: args.batchRequestId }),
        });
      } finally {
        progress.stop();
      }
    } else {
      results = await client.getProductStatusResults(args.batchRequestId, { signal: io.signal });
    }
    const summary = summarizeBatch(results);
    const finished = isTerminalStatus(summary.status);
    io.stdout.write(args.json ? renderJson({ ...summary, finished }) : renderBatchSummary(summary));
    return finished && (summary.failed > 0 || summary.status === "failed") ? EXIT.itemsFailed : EXIT.ok;
  } finally {
    await client.close();
  }
}
