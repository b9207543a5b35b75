/**
 * `sellers-center set-status <status> <style-key...> [--wait] [--json]`:
 * submits the change; with --wait, waits for every batch and summarizes.
 */
import {
  DEFAULT_BATCH_SIZE,
  type ProductStatusItem,
  type SellersCenterClient,
  type SetProductStatusResult,
  validateProductStatusItems,
} from "../../index.ts";
import type { OutputArgs, ParsedCommand } from "../args.ts";
import { connect } from "../connect.ts";
import { type CommandContext, progressFor } from "../context.ts";
import { EXIT, type ExitCode } from "../exit-codes.ts";
import { renderJson, renderSetStatusResult, renderSubmitted } from "../render.ts";
import { collectStyleKeys } from "../style-keys.ts";

type SetStatusArgs = Extract<ParsedCommand, { command: "set-status" }>;

/** 1 when anything did not succeed: a failed item, a failed batch, or an item the results never mentioned. */
export function setStatusExitCode(result: SetProductStatusResult): ExitCode {
  const batchFailed = result.batches.some((batch) => batch.status === "failed");
  return result.failed > 0 || batchFailed || result.unreported.length > 0 ? EXIT.itemsFailed : EXIT.ok;
}

/**
 * Sets the statuses and waits, with live progress on stderr and the summary
 * on stdout. Shared with `npm run demo`, so the demo looks like the CLI.
 */
export async function setStatusAndWait(
  client: SellersCenterClient,
  items: readonly ProductStatusItem[],
  options: OutputArgs & { timeoutMs: number | undefined; batchSize: number | undefined },
  context: CommandContext,
): Promise<ExitCode> {
  const progress = progressFor(context, options);
  let result: SetProductStatusResult;
  try {
    result = await client.setProductStatus(items, {
      signal: context.io.signal,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      onSubmitted: ({ batchRequestId, items: sent }) => {
        context.batchIds.push(batchRequestId);
        progress.submitted(batchRequestId, sent.length);
      },
      onProgress: (event) => progress.update(event),
    });
  } finally {
    progress.stop();
  }
  context.io.stdout.write(options.json ? renderJson(result) : renderSetStatusResult(result));
  return setStatusExitCode(result);
}

/** Submits without waiting, in batches of `batchSize`; prints the batch ids. */
async function submitOnly(
  client: SellersCenterClient,
  items: readonly ProductStatusItem[],
  args: SetStatusArgs,
  context: CommandContext,
): Promise<ExitCode> {
  validateProductStatusItems(items); // every item, before the first batch goes out
  const size = args.batchSize ?? DEFAULT_BATCH_SIZE;
  for (let start = 0; start < items.length; start += size) {
    const { batchRequestId } = await client.updateProductStatus(items.slice(start, start + size), {
      signal: context.io.signal,
    });
    context.batchIds.push(batchRequestId);
  }
  const ids = context.batchIds;
  context.io.stdout.write(
    args.json ? renderJson({ batchRequestIds: ids, submitted: items.length }) : renderSubmitted(ids),
  );
  if (!args.quiet) {
    context.io.stderr.write(
      `Submitted ${items.length} item${items.length === 1 ? "" : "s"} in ${ids.length} batch${ids.length === 1 ? "" : "es"}. Results: sellers-center status ${ids.length === 1 ? ids[0] : "<id>"} --wait\n`,
    );
  }
  return EXIT.ok;
}

export async function runSetStatus(args: SetStatusArgs, context: CommandContext): Promise<ExitCode> {
  const { io } = context;
  if (args.fromStdin && (io.stdin as { isTTY?: boolean }).isTTY)
    io.stderr.write("Reading style keys from stdin, one a line; end with Ctrl-D.\n");
  const { styleKeys, duplicates } = await collectStyleKeys({
    styleKeys: args.styleKeys,
    files: args.files,
    fromStdin: args.fromStdin,
    stdin: io.stdin,
  });
  if (duplicates > 0 && !args.quiet)
    io.stderr.write(`Note: ${duplicates} repeated style key${duplicates === 1 ? "" : "s"} sent once.\n`);
  const items = styleKeys.map((style_key) => ({ style_key, status: args.status }));
  const { client, apiKey } = await connect(args, { env: io.env, stderr: io.stderr, command: "set-status" });
  context.apiKey = apiKey;
  try {
    return args.wait
      ? await setStatusAndWait(client, items, args, context)
      : await submitOnly(client, items, args, context);
  } finally {
    await client.close();
  }
}
