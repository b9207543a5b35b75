/**
 * One key's products (style_key -> stored state) and the item outcome rules.
 * A product moved by a request keeps moving by itself through approval:
 * `pending_approval` -> `pending_active` -> `active`, one step per
 * `approvalMs` (style keys starting with `REJECT-` end `rejected` instead).
 * The sandbox never fixes a `problem` product. States are worked out when
 * asked, from the time the product last changed, so an injected clock works.
 */
import { checkStatusChange, nextStateByItself, type ProductState, type SettableProductStatus } from "../lifecycle.ts";
import { REJECT_AT_APPROVAL_PREFIX, UNKNOWN_STYLE_KEY_PREFIX, type UnknownStyleKeys } from "./options.ts";

export type ItemOutcome = { success: boolean; errors: string[] };
type Product = { state: ProductState; since: number };
export type CatalogueConfig = { approvalMs: number; unknownStyleKeys: UnknownStyleKeys };

export class Catalogue {
  readonly #products = new Map<string, Product>();
  readonly #config: CatalogueConfig;

  constructor(seed: Readonly<Record<string, ProductState>>, config: CatalogueConfig, now: number) {
    this.#config = config;
    for (const [styleKey, state] of Object.entries(seed)) this.#products.set(styleKey, { state, since: now });
  }

  /** The product's state at `now`, or undefined when the catalogue does not know the style key. */
  stateAt(styleKey: string, now: number): ProductState | undefined {
    const product = this.#products.get(styleKey);
    if (!product) return undefined;
    let { state, since } = product;
    for (;;) {
      const next =
        state === "problem"
          ? undefined
          : nextStateByItself(state, { rejected: styleKey.startsWith(REJECT_AT_APPROVAL_PREFIX) });
      if (!next || now - since < this.#config.approvalMs) break;
      state = next;
      since += this.#config.approvalMs;
    }
    product.state = state;
    product.since = since;
    return state;
  }

  #accepts(styleKey: string): boolean {
    return this.#config.unknownStyleKeys === "create-draft" && !styleKey.startsWith(UNKNOWN_STYLE_KEY_PREFIX);
  }

  /** Applies one item at `now` (when its batch completes): updates the product, or says why not. */
  apply(styleKey: string, status: SettableProductStatus, now: number): ItemOutcome {
    const current = this.stateAt(styleKey, now) ?? (this.#accepts(styleKey) ? "draft" : undefined);
    if (!current) return { success: false, errors: [`Product with style_key "${styleKey}" not found`] };
    const change = checkStatusChange(current, status);
    if (!change.allowed) {
      const suggestion = change.suggestion ? `; ${change.suggestion}` : "";
      return {
        success: false,
        errors: [`Cannot set style_key "${styleKey}" to "${status}": ${change.reason}${suggestion}.`],
      };
    }
    const product = this.#products.get(styleKey);
    // Re-sending the state a product is already in does not restart its approval clock.
    if (!product || product.state !== change.nextState)
      this.#products.set(styleKey, { state: change.nextState, since: now });
    return { success: true, errors: [] };
  }
}
