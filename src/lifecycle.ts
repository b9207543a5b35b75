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

/** A status that `updateProductStatus` accepts: `published`, `inactive` or `draft`. */
export type SettableProductStatus = (typeof SETTABLE_PRODUCT_STATUSES)[number];

/** True when `value` is one of {@link SETTABLE_PRODUCT_STATUSES}. */
export function isSettableProductStatus(value: unknown): value is SettableProductStatus {
  return (SETTABLE_PRODUCT_STATUSES as readonly unknown[]).includes(value);
}
