/**
 * The product lifecycle as the vendor documents it on its other pages (the
 * spec types `status` as a plain string and names the values only in prose).
 */

/**
 * The statuses a product can be set to with `PUT /api/v1/products/status`.
 *
 * @example
 * SETTABLE_PRODUCT_STATUSES.includes("published") // true
 */
export const SETTABLE_PRODUCT_STATUSES = ["published", "inactive", "draft"] as const;

/**
 * A status that `updateProductStatus` accepts: `published`, `inactive` or `draft`.
 *
 * @example
 * const status: SettableProductStatus = "inactive";
 */
export type SettableProductStatus = (typeof SETTABLE_PRODUCT_STATUSES)[number];

/**
 * True when `value` is one of {@link SETTABLE_PRODUCT_STATUSES}.
 *
 * @example
 * isSettableProductStatus("draft")  // true
 * isSettableProductStatus("active") // false: a state, not something to set
 */
export function isSettableProductStatus(value: unknown): value is SettableProductStatus {
  return (SETTABLE_PRODUCT_STATUSES as readonly unknown[]).includes(value);
}

/**
 * The states a product is stored in. `published` is not among them: it is a
 * trigger that starts approval (`pending_approval` -> `pending_active` ->
 * `active`), or re-activates a product that was approved before.
 *
 * @example
 * PRODUCT_STATES.includes("pending_approval") // true
 */
export const PRODUCT_STATES = [
  "draft",
  "pending_approval",
  "rejected",
  "pending_active",
  "active",
  "inactive",
  "problem",
] as const;

/**
 * A stored product state: one of {@link PRODUCT_STATES}.
 *
 * @example
 * const state: ProductState = "pending_active";
 */
export type ProductState = (typeof PRODUCT_STATES)[number];

/**
 * True when `value` is one of {@link PRODUCT_STATES}.
 *
 * @example
 * isProductState("problem")   // true
 * isProductState("published") // false: a trigger, never a stored state
 */
export function isProductState(value: unknown): value is ProductState {
  return (PRODUCT_STATES as readonly unknown[]).includes(value);
}

/** States a product reaches only after approval; approval happens once, so `draft` is refused from here on. */
const APPROVED_STATES: readonly ProductState[] = ["pending_active", "active", "inactive", "problem"];

/**
 * True once the product has been approved (approval happens once and is never undone).
 *
 * @example
 * isApprovedState("inactive")         // true
 * isApprovedState("pending_approval") // false
 */
export function isApprovedState(state: ProductState): boolean {
  return APPROVED_STATES.includes(state);
}

/**
 * The answer of {@link checkStatusChange}: the state the product moves to, or why the change is refused.
 *
 * @example
 * const change: StatusChange = checkStatusChange("inactive", "published"); // { allowed: true, nextState: "active" }
 * if (!change.allowed) console.error(change.reason, change.suggestion ?? "");
 */
export type StatusChange =
  | { allowed: true; nextState: ProductState }
  | { allowed: false; reason: string; suggestion?: string };

/**
 * Whether a product in `current` state can be set to `requested`, and the
 * state it then moves to, following the vendor's documented lifecycle:
 *
 * | current \ requested | published | inactive | draft |
 * |---|---|---|---|
 * | draft | pending_approval | refused (never approved) | draft |
 * | pending_approval | pending_approval | refused (not approved yet) | draft (withdrawn) |
 * | rejected | pending_approval (re-submitted) | refused (never approved) | draft |
 * | pending_active | pending_active | inactive | refused: use inactive |
 * | active | active | inactive | refused: use inactive |
 * | inactive | active (no second approval) | inactive | refused: use inactive |
 * | problem | refused: fix the problem | inactive | refused: use inactive |
 *
 * @example
 * checkStatusChange("active", "draft")
 * // { allowed: false, reason: "draft is only possible before approval; the product is active", suggestion: 'use "inactive" to hide it' }
 */
export function checkStatusChange(current: ProductState, requested: SettableProductStatus): StatusChange {
  const approved = isApprovedState(current);
  switch (requested) {
    case "published":
      if (current === "problem") {
        return {
          allowed: false,
          reason: "the product has a problem that must be fixed first",
          suggestion: "fix the reported problem: the product returns to active by itself",
        };
      }
      if (current === "inactive") return { allowed: true, nextState: "active" };
      if (approved) return { allowed: true, nextState: current };
      return { allowed: true, nextState: "pending_approval" };
    case "inactive":
      if (approved) return { allowed: true, nextState: "inactive" };
      return {
        allowed: false,
        reason: `inactive is only possible after approval; the product is ${current}`,
        suggestion:
          current === "draft"
            ? 'keep it in "draft", or use "published" to submit it'
            : 'use "draft" to keep it out of the catalogue',
      };
    case "draft":
      if (approved) {
        return {
          allowed: false,
          reason: `draft is only possible before approval; the product is ${current}`,
          suggestion: 'use "inactive" to hide it',
        };
      }
      return { allowed: true, nextState: "draft" };
  }
}

/**
 * The state a product moves to by itself, without a request: approval moves
 * `pending_approval` on (to `pending_active`, or `rejected` when the platform
 * refuses it), `pending_active` becomes `active`, and a fixed `problem`
 * returns to `active`. Undefined for states that only a request changes.
 *
 * @example
 * nextStateByItself("pending_approval")                   // "pending_active"
 * nextStateByItself("pending_approval", { rejected: true }) // "rejected"
 * nextStateByItself("active")                             // undefined
 */
export function nextStateByItself(state: ProductState, outcome: { rejected?: boolean } = {}): ProductState | undefined {
  switch (state) {
    case "pending_approval":
      return outcome.rejected ? "rejected" : "pending_active";
    case "pending_active":
    case "problem":
      return "active";
    default:
      return undefined;
  }
}
