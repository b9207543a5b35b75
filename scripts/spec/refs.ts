/**
 * Local references (`#/components/<section>/<name>`) in an OpenAPI document:
 * following one, and finding every component a part of the document needs.
 */
import type { OpenApiDocument } from "./bundle.ts";

type Node = Record<string, unknown>;

const PREFIX = "#/components/";

function componentKey(ref: string): { section: string; name: string } | undefined {
  if (!ref.startsWith(PREFIX)) return undefined;
  const [section, name, ...rest] = ref.slice(PREFIX.length).split("/");
  if (!section || !name || rest.length > 0) return undefined;
  return { section, name: name.replaceAll("~1", "/").replaceAll("~0", "~") };
}

/** The object `value` refers to when it is a local component reference; `value` itself otherwise. */
export function resolveLocalRef(document: OpenApiDocument, value: unknown): Node {
  const node = (typeof value === "object" && value !== null ? value : {}) as Node;
  const key = typeof node.$ref === "string" ? componentKey(node.$ref) : undefined;
  if (!key) return node;
  const target = document.components?.[key.section]?.[key.name];
  return (typeof target === "object" && target !== null ? target : {}) as Node;
}

/** "section/name" of every component reachable from `root`, references followed transitively. */
export function referencedComponents(document: OpenApiDocument, root: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const ref = (value as Node).$ref;
    const key = typeof ref === "string" ? componentKey(ref) : undefined;
    if (key && !found.has(`${key.section}/${key.name}`)) {
      found.add(`${key.section}/${key.name}`);
      visit(document.components?.[key.section]?.[key.name]);
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(root);
  return found;
}
