import { describe, expect, it } from "vitest";
import {
  checkStatusChange,
  isApprovedState,
  isProductState,
  nextStateByItself,
  PRODUCT_STATES,
  type ProductState,
  SETTABLE_PRODUCT_STATUSES,
  type SettableProductStatus,
} from "../../src/lifecycle.ts";

// current state -> requested status -> next state, or "refused"
const TABLE: Record<ProductState, Record<SettableProductStatus, ProductState | "refused">> = {
  draft: { published: "pending_approval", inactive: "refused", draft: "draft" },
  pending_approval: { published: "pending_approval", inactive: "refused", draft: "draft" },
  rejected: { published: "pending_approval", inactive: "refused", draft: "draft" },
  pending_active: { published: "pending_active", inactive: "inactive", draft: "refused" },
  active: { published: "active", inactive: "inactive", draft: "refused" },
  inactive: { published: "active", inactive: "inactive", draft: "refused" },
  problem: { published: "refused", inactive: "inactive", draft: "refused" },
};

describe("checkStatusChange", () => {
  it("covers every stored state and settable status", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...PRODUCT_STATES].sort());
  });

  for (const current of PRODUCT_STATES) {
    for (const requested of SETTABLE_PRODUCT_STATUSES) {
      const expected = TABLE[current][requested];
      it(`${current} + ${requested} -> ${expected}`, () => {
        const change = checkStatusChange(current, requested);
        if (expected === "refused") {
          expect(change.allowed).toBe(false);
          if (!change.allowed) expect(change.reason).toContain(current);
        } else {
          expect(change).toEqual({ allowed: true, nextState: expected });
        }
      });
    }
  }

  it("refuses draft after approval and suggests inactive", () => {
    expect(checkStatusChange("active", "draft")).toEqual({
      allowed: false,
      reason: "draft is only possible before approval; the product is active",
      suggestion: 'use "inactive" to hide it',
    });
  });

  it("re-publishing an approved product makes it active without a second approval", () => {
    expect(checkStatusChange("inactive", "published")).toEqual({ allowed: true, nextState: "active" });
  });
});

describe("product states", () => {
  it("knows which states come after approval", () => {
    expect(PRODUCT_STATES.filter(isApprovedState)).toEqual(["pending_active", "active", "inactive", "problem"]);
  });

  it("recognises stored states only", () => {
    expect(isProductState("pending_approval")).toBe(true);
    expect(isProductState("published")).toBe(false);
  });

  it("moves through approval by itself", () => {
    expect(nextStateByItself("pending_approval")).toBe("pending_active");
    expect(nextStateByItself("pending_approval", { rejected: true })).toBe("rejected");
    expect(nextStateByItself("pending_active")).toBe("active");
    expect(nextStateByItself("problem")).toBe("active");
    expect(nextStateByItself("draft")).toBeUndefined();
    expect(nextStateByItself("inactive")).toBeUndefined();
  });
});
