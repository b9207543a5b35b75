/**
 * Progress of a wait, on stderr. On a terminal: one line redrawn in place
 * (status, time elapsed, countdown to the next poll), ticking between polls.
 * Elsewhere (a pipe, a CI log): a plain line whenever a batch's status
 * changes or a poll fails, with no control characters at all.
 */
import type { WaitProgress } from "../index.ts";
import { formatDuration } from "./duration.ts";
import type { TextOutput } from "./io.ts";
import { printable } from "./table.ts";

/** One wait's progress, with the batch it is about. */
export type ProgressEvent = WaitProgress & { batchRequestId: string };

export type ProgressReporter = {
  /** A batch was accepted (`set-status --wait`). */
  submitted(batchRequestId: string, itemCount: number): void;
  /** After each poll. */
  update(event: ProgressEvent): void;
  /** A line of its own (the live line is cleared first and redrawn after). */
  note(text: string): void;
  /** Clears the live line and stops ticking; call before printing the result. */
  stop(): void;
};

export type ProgressOptions = {
  output: TextOutput;
  /** Redraw one line in place (stderr is a terminal). */
  interactive: boolean;
  /** Print nothing (--quiet). */
  quiet: boolean;
  /** Clock (tests). */
  now?: () => number;
  /** Redraw interval on a terminal. Default 200 ms. */
  tickMs?: number;
};

const CLEAR_LINE = "\r\u001b[2K";
const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

type BatchState = {
  status: string | undefined;
  attempt: number;
  nextPollAt: number | undefined;
  error: string | undefined;
};

function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstSentence = /^[^.]*\./.exec(text)?.[0] ?? text;
  return printable(firstSentence.length > 80 ? `${firstSentence.slice(0, 79)}…` : firstSentence);
}

const silent: ProgressReporter = { submitted() {}, update() {}, note() {}, stop() {} };

export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  if (options.quiet) return silent;
  const { output } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const batches = new Map<string, BatchState>();
  const elapsed = () => formatDuration(now() - startedAt);

  if (!options.interactive) {
    return {
      submitted: (id, count) =>
        output.write(`Submitted batch ${printable(id)} (${count} item${count === 1 ? "" : "s"}).\n`),
      update(event) {
        const before = batches.get(event.batchRequestId);
        const error = event.error === undefined ? undefined : errorText(event.error);
        batches.set(event.batchRequestId, {
          status: event.status,
          attempt: event.attempt,
          nextPollAt: undefined,
          error,
        });
        if (error !== undefined) {
          output.write(
            `[${elapsed()}] batch ${printable(event.batchRequestId)}: poll ${event.attempt} failed, trying again: ${error}\n`,
          );
        } else if (before?.status !== event.status) {
          output.write(
            `[${elapsed()}] batch ${printable(event.batchRequestId)}: ${printable(event.status ?? "not visible yet")}\n`,
          );
        }
      },
      note: (text) => output.write(`${text}\n`),
      stop() {},
    };
  }

  let frame = 0;
  let drawn = false;
  const statusPart = (): string => {
    const states = [...batches.entries()];
    if (states.length === 1) {
      const [id, state] = states[0] as [string, BatchState];
      return `batch ${shortId(id)}: ${printable(state.status ?? "waiting for the first poll")}`;
    }
    const counts = new Map<string, number>();
    for (const [, state] of states)
      counts.set(state.status ?? "submitted", (counts.get(state.status ?? "submitted") ?? 0) + 1);
    return `${states.length} batches: ${[...counts].map(([status, n]) => `${n} ${printable(status)}`).join(", ")}`;
  };
  const draw = () => {
    if (batches.size === 0) return;
    const nextPolls = [...batches.values()]
      .map((state) => state.nextPollAt)
      .filter((at): at is number => at !== undefined);
    const nextPoll =
      nextPolls.length > 0 ? ` · next poll in ${formatDuration(Math.max(0, Math.min(...nextPolls) - now()))}` : "";
    const errors = [...batches.values()].map((state) => state.error).filter((e) => e !== undefined);
    const error = errors.length > 0 ? ` · last poll failed (${errors[0]}), retrying` : "";
    let line = `${SPINNER[frame++ % SPINNER.length]} ${statusPart()} · ${elapsed()} elapsed${nextPoll}${error}`;
    // A line wider than the terminal wraps, and \r would then redraw only its last row.
    const width = (output.columns ?? 80) - 1;
    if (line.length > width) line = `${line.slice(0, width - 1)}…`;
    output.write(`${CLEAR_LINE}${line}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) output.write(CLEAR_LINE);
    drawn = false;
  };
  const ticker = setInterval(draw, options.tickMs ?? 200);
  ticker.unref();

  return {
    submitted(id, count) {
      clear();
      output.write(`Submitted batch ${printable(id)} (${count} item${count === 1 ? "" : "s"}).\n`);
      batches.set(id, { status: undefined, attempt: 0, nextPollAt: undefined, error: undefined });
      draw();
    },
    update(event) {
      batches.set(event.batchRequestId, {
        status: event.status,
        attempt: event.attempt,
        nextPollAt: event.nextPollInMs === undefined ? undefined : now() + event.nextPollInMs,
        error: event.error === undefined ? undefined : errorText(event.error),
      });
      draw();
    },
    note(text) {
      clear();
      output.write(`${text}\n`);
      draw();
    },
    stop() {
      clearInterval(ticker);
      clear();
    },
  };
}
