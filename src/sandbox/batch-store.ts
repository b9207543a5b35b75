/**
 * Batches per key and their lifecycle. A batch's whole timeline is fixed
 * when it is created (pending -> processing [-> retry -> processing] ->
 * completed | failed); its status is read off that timeline at the time of
 * asking. Item results are worked out when the batch turns terminal, in the
 * order batches turn terminal, against the key's catalogue at that moment.
 * While a batch is not terminal its `items` is `[]`; once terminal it has
 * one result per request item, in request order.
 */
import { randomUUID } from "node:crypto";
import type { ProductState, SettableProductStatus } from "../lifecycle.ts";
import type { ProductStatusItem, ProductStatusResultItem, ProductStatusResults, RequestStatus } from "../types.ts";
import { Catalogue } from "./catalogue.ts";
import type { ResolvedOptions } from "./options.ts";

type Phase = { status: RequestStatus; endsAt: number };
type Batch = {
  id: string;
  items: ProductStatusItem[];
  fingerprint: string;
  createdAt: number;
  phases: Phase[];
  terminal: { status: "completed" | "failed"; at: number };
  results?: ProductStatusResultItem[];
};
type KeySpace = {
  batches: Map<string, Batch>;
  unsettled: Batch[];
  byFingerprint: Map<string, Batch>;
  catalogue: Catalogue;
};

const FAILED_ITEM_ERROR = "The batch failed to process and nothing was changed; submit the items again.";

export class BatchStore {
  readonly #config: ResolvedOptions["batches"];
  readonly #spaces = new Map<string, KeySpace>();
  readonly #startedAt: number;

  constructor(config: ResolvedOptions["batches"], startedAt: number) {
    this.#config = config;
    this.#startedAt = startedAt;
  }

  #space(label: string): KeySpace {
    let space = this.#spaces.get(label);
    if (!space) {
      const catalogue = new Catalogue(
        this.#config.catalogue as Record<string, ProductState>,
        this.#config,
        this.#startedAt,
      );
      space = { batches: new Map(), unsettled: [], byFingerprint: new Map(), catalogue };
      this.#spaces.set(label, space);
    }
    return space;
  }

  #timeline(items: readonly ProductStatusItem[], now: number): Pick<Batch, "phases" | "terminal"> {
    const { pendingMs, processingMs, retryMs } = this.#config;
    const route = this.#config.route(items);
    const steps: [RequestStatus, number][] = [
      ["pending", pendingMs],
      ["processing", processingMs],
    ];
    if (route === "retry") steps.push(["retry", retryMs], ["processing", processingMs]);
    let at = now;
    const phases = steps.map(([status, ms]) => {
      at += ms;
      return { status, endsAt: at };
    });
    return { phases, terminal: { status: route === "failed" ? "failed" : "completed", at } };
  }

  static statusAt(batch: Batch, now: number): RequestStatus {
    return batch.phases.find((phase) => now < phase.endsAt)?.status ?? batch.terminal.status;
  }

  /** Creates a batch, or returns the id of an identical in-flight one from the same key within the dedup window. */
  submit(
    label: string,
    items: readonly ProductStatusItem[],
    now: number,
  ): { batchRequestId: string; deduplicated: boolean } {
    const space = this.#space(label);
    const copy = items.map(({ style_key, status }) => ({ style_key, status }));
    const fingerprint = JSON.stringify(copy);
    const existing = space.byFingerprint.get(fingerprint);
    if (existing && now - existing.createdAt < this.#config.dedupWindowMs && now < existing.terminal.at) {
      return { batchRequestId: existing.id, deduplicated: true };
    }
    const batch: Batch = { id: randomUUID(), items: copy, fingerprint, createdAt: now, ...this.#timeline(copy, now) };
    space.batches.set(batch.id, batch);
    space.unsettled.push(batch);
    space.byFingerprint.set(fingerprint, batch);
    return { batchRequestId: batch.id, deduplicated: false };
  }

  /** Works out the results of every batch of this key that turned terminal by `now`, in the order they did. */
  #settle(space: KeySpace, now: number): void {
    const due = space.unsettled
      .filter((batch) => batch.terminal.at <= now)
      .sort((a, b) => a.terminal.at - b.terminal.at);
    if (due.length === 0) return;
    space.unsettled = space.unsettled.filter((batch) => batch.terminal.at > now);
    for (const batch of due) {
      batch.results = batch.items.map((requestItem) => {
        const outcome =
          batch.terminal.status === "failed"
            ? { success: false, errors: [FAILED_ITEM_ERROR] }
            : space.catalogue.apply(
                requestItem.style_key,
                requestItem.status as SettableProductStatus,
                batch.terminal.at,
              );
        return { requestItem, ...outcome };
      });
      if (space.byFingerprint.get(batch.fingerprint) === batch) space.byFingerprint.delete(batch.fingerprint);
    }
  }

  /** The batch as it stands at `now`, or undefined when this key has no batch with that id. */
  view(label: string, batchRequestId: string, now: number): ProductStatusResults | undefined {
    const space = this.#spaces.get(label);
    const batch = space?.batches.get(batchRequestId.toLowerCase());
    if (!space || !batch) return undefined;
    this.#settle(space, now);
    const status = BatchStore.statusAt(batch, now);
    return { batchRequestId: batch.id, status, items: batch.results ? structuredClone(batch.results) : [] };
  }
}
