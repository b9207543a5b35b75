/** `--help` texts: the global one and one per command. */
import { SETTABLE_PRODUCT_STATUSES } from "../index.ts";
import { API_KEY_ENV, BASE_URL_ENV } from "./api-key.ts";
import type { CommandName } from "./args.ts";
import { EXIT_CODE_HELP } from "./exit-codes.ts";

const CONNECTION = `Connection:
  ${API_KEY_ENV}         the API key (environment variable)
  --api-key-file <path>          or a file holding just the key (chmod 600)
                                 (there is no --api-key flag: a key on the command line
                                 shows in the process list and in shell history)
  --base-url <url>               API to talk to (default https://partner.aboutyou.com;
                                 or ${BASE_URL_ENV}); e.g. the local sandbox's URL`;

const OUTPUT = `Output:
  -w, --wait                     wait until the batch is completed or failed
  --timeout <duration>           with --wait: give up after this long (default 2h),
                                 e.g. 90s, 10m, 2h, 500ms; the batch goes on regardless
  --json                         print one JSON document on stdout, nothing else
                                 (progress and errors go to stderr)
  -q, --quiet                    no progress on stderr
  -h, --help                     this help`;

const GLOBAL = `sellers-center: change product statuses in the ABOUT YOU Sellers Center and follow the batches.

Usage:
  sellers-center status <batch-id> [--wait] [--json]
  sellers-center set-status <${SETTABLE_PRODUCT_STATUSES.join("|")}> <style-key...> [--wait] [--json]
  sellers-center sandbox [--port <n>]
  sellers-center help <command> | <command> --help
  sellers-center --version

Commands:
  status       a batch's status and per-item results (--wait: until it finishes)
  set-status   set products to a status; prints the batch id, or (--wait) the outcome
  sandbox      run a local stand-in for the API (no account, no network)

${CONNECTION}

On a terminal, --wait shows a live progress line on stderr and a table of failed
items on stdout; in a pipe, progress comes as plain lines on stderr.

${EXIT_CODE_HELP}

Example:
  export ${API_KEY_ENV}=...
  sellers-center set-status inactive --file discontinued.txt --wait`;

const COMMANDS: Record<CommandName, string> = {
  status: `Usage: sellers-center status <batch-id> [options]

Shows a batch's status and, once it is finished, how many items succeeded and
a table of the failed ones (style key, requested status, the API's reasons).

${OUTPUT}

${CONNECTION}

${EXIT_CODE_HELP}`,
  "set-status": `Usage: sellers-center set-status <${SETTABLE_PRODUCT_STATUSES.join("|")}> <style-key...> [options]

Sets every given product to the status. Style keys come from the arguments,
from --file and from stdin (-), one a line; lines are trimmed, blank lines and
lines starting with # are skipped, repeated keys are sent once.

Without --wait it prints the batch id(s), one a line, and exits 0 once they are
accepted. With --wait it waits for every batch and prints the outcome.

Input:
  -f, --file <path>              read style keys from this file (repeatable)
  -                              read style keys from stdin
  --batch-size <n>               items per batch (default 1000)

${OUTPUT}

${CONNECTION}

${EXIT_CODE_HELP}

Examples:
  sellers-center set-status published STYLE-1 STYLE-2 --wait
  grep -v '^$' keys.txt | sellers-center set-status inactive - --wait --json > outcome.json`,
  sandbox: `Usage: sellers-center sandbox [options]

Runs the local sandbox in the foreground on 127.0.0.1: a stateful stand-in for
the Sellers Center API (batches go pending -> processing -> completed; products
follow the vendor's lifecycle). Prints its URL and key; Ctrl-C stops it.
Style keys: UNKNOWN-* are never found, ACTIVE-1..3 are active (so draft fails),
FAIL-BATCH-* fails the whole batch, RETRY-BATCH-* passes through retry.

Options:
  -p, --port <n>                 port (default 4010; 0: any free port)
  --pending-ms <n>               how long a batch stays pending (default 1000)
  --processing-ms <n>            how long a batch stays processing (default 2000)
  -h, --help                     this help`,
};

export function helpText(topic: CommandName | undefined): string {
  return `${topic === undefined ? GLOBAL : COMMANDS[topic]}\n`;
}
