/** Checks of numeric options, collected as ValidationIssues so one error lists every problem. */
import type { ValidationIssue } from "../errors.ts";

type NumberRule = { min?: number; max?: number; integer?: boolean };

/** Appends an issue unless `value` is undefined or a finite number within the rule. */
export function checkNumberOption(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  rule: NumberRule = {},
): void {
  if (value === undefined) return;
  const { min = 0, max = Number.POSITIVE_INFINITY, integer = false } = rule;
  const wanted = `${integer ? "an integer" : "a number"} from ${min}${Number.isFinite(max) ? ` to ${max}` : " up"}`;
  const fits =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!fits) issues.push({ path, message: `must be ${wanted} (got ${JSON.stringify(value)})` });
}
