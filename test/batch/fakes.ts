/** Fake batch results and a scripted getResults for the batch tests (virtual time). */
import type { GetResults } from "../../src/batch/wait.ts";
import type { ProductStatusResults } from "../../src/types.ts";

export const BATCH_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
export const OTHER_BATCH_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

export function results(
  status: string,
  items: ProductStatusResults["items"] = [],
  batchRequestId = BATCH_ID,
): ProductStatusResults {
  return { batchRequestId, status, items };
}

export const ok = (style_key: string, status = "published") => ({
  requestItem: { style_key, status },
  success: true,
  errors: [],
});
export const ko = (style_key: string, errors: string[], status = "published") => ({
  requestItem: { style_key, status },
  success: false,
  errors,
});

/** Answers each poll with the next step (a status, results, or an error to throw); the last step repeats. */
export function scripted(steps: Array<string | ProductStatusResults | Error>) {
  const calls: Array<{ batchRequestId: string; signal: AbortSignal }> = [];
  const getResults: GetResults = async (batchRequestId, { signal }) => {
    calls.push({ batchRequestId, signal });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (step instanceof Error) throw step;
    return typeof step === "string" ? results(step) : (step as ProductStatusResults);
  };
  return { getResults, calls };
}
