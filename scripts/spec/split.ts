/**
 * Decides which files in spec/ an incoming spec becomes. spec/ holds one
 * operation per file, like the vendor's pages, so a document with several
 * operations is split into one fragment per operation, each carrying the
 * components it references. Fragments then bundle without conflict (shared
 * components are copied identically), and a later update of one endpoint
 * replaces exactly one file.
 */
import type { OpenApiDocument } from "./bundle.ts";
import { referencedComponents } from "./refs.ts";
import { HTTP_METHODS } from "./source.ts";

export type ExistingFragment = { name: string; document: OpenApiDocument };

/** A file to write into spec/: `replaces` is true when it overwrites a file that defined the same operation. */
export type PlannedFile = { name: string; operation: string; text: string; replaces: boolean };

type Node = Record<string, unknown>;

export function operationsOf(document: OpenApiDocument): { method: string; path: string; operation: Node }[] {
  const found: { method: string; path: string; operation: Node }[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (typeof operation === "object" && operation !== null)
        found.push({ method, path, operation: operation as Node });
    }
  }
  return found;
}

export function kebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

/** The vendor's files are named after the page title, which is the operation's summary; operationId is next best. */
export function fragmentBaseName(method: string, path: string, operation: Node): string {
  for (const candidate of [operation.summary, operation.operationId]) {
    if (typeof candidate === "string" && kebabCase(candidate)) return kebabCase(candidate);
  }
  return kebabCase(`${method} ${path}`);
}

/** One document per operation, with the path item's shared fields and only the components it references. */
export function splitByOperation(document: OpenApiDocument): OpenApiDocument[] {
  return operationsOf(document).map(({ method, path, operation }) => {
    const sharedPathFields = Object.fromEntries(
      Object.entries(document.paths[path] ?? {}).filter(([key]) => !(HTTP_METHODS as readonly string[]).includes(key)),
    );
    const paths = { [path]: { ...sharedPathFields, [method]: operation } };
    const needed = referencedComponents(document, paths);
    const security = (operation.security ?? document.security ?? []) as Record<string, unknown>[];
    for (const requirement of security)
      for (const scheme of Object.keys(requirement)) needed.add(`securitySchemes/${scheme}`);

    const components: Record<string, Record<string, unknown>> = {};
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      const kept = Object.entries(entries).filter(([name]) => needed.has(`${section}/${name}`));
      if (kept.length > 0) components[section] = Object.fromEntries(kept);
    }
    const { paths: _paths, components: _components, ...topLevel } = document;
    return { ...topLevel, components, paths } as OpenApiDocument;
  });
}

/**
 * Files to write for `incoming`. A single-operation fragment is kept verbatim
 * (`text`); a whole document is split. Each fragment replaces the existing
 * file that defines its method and path, or gets a new name from its summary.
 */
export function planSpecFiles(incoming: OpenApiDocument, text: string, existing: ExistingFragment[]): PlannedFile[] {
  const single = operationsOf(incoming).length === 1;
  const fragments = single ? [incoming] : splitByOperation(incoming);
  const taken = new Set(existing.map((fragment) => fragment.name));
  const planned: PlannedFile[] = [];

  for (const fragment of fragments) {
    const [first] = operationsOf(fragment);
    if (!first) continue;
    const { method, path, operation } = first;
    const content = single ? text : `${JSON.stringify(fragment, null, 2)}\n`;
    const label = `${method.toUpperCase()} ${path}`;
    const owner = existing.find((file) =>
      operationsOf(file.document).some((other) => other.method === method && other.path === path),
    );
    if (owner && !planned.some((file) => file.name === owner.name)) {
      planned.push({ name: owner.name, operation: label, text: content, replaces: true });
      continue;
    }
    const base = fragmentBaseName(method, path, operation);
    let name = `${base}.json`;
    // Never overwrite a file that holds another operation.
    if (taken.has(name)) name = `${base}-${kebabCase(`${method} ${path}`)}.json`;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}.json`;
    taken.add(name);
    planned.push({ name, operation: label, text: content, replaces: false });
  }
  return planned;
}
