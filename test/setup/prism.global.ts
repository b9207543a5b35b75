/** Starts one static `prism mock` for the whole run; its URL reaches tests through inject("prismUrl"). */
import type { TestProject } from "vitest/node";
import { startPrismMock } from "../support/prism.ts";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrismMock();
  project.provide("prismUrl", prism.url);
  return prism.stop;
}
