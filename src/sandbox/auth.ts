/**
 * API-key checks. Keys are known by a label (`key#1`, `key#2`, ...) from the
 * moment they are checked: stats, logs and messages only ever see the label.
 */
import { timingSafeEqual } from "node:crypto";

export type AuthResult = { ok: true; label: string } | { ok: false; message: string };

function sameKey(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The label of an API key: `key#1` for the first configured key. */
export function keyLabel(index: number): string {
  return `key#${index + 1}`;
}

export function createAuth(apiKeys: readonly string[]): (header: string | string[] | undefined) => AuthResult {
  return (header) => {
    if (header === undefined || header === "") {
      return { ok: false, message: "Missing X-API-Key header: send the sandbox API key in the X-API-Key header." };
    }
    const presented = Array.isArray(header) ? (header[0] ?? "") : header;
    const index = apiKeys.findIndex((key) => sameKey(key, presented));
    if (index < 0) {
      return {
        ok: false,
        message: "Invalid API key: the X-API-Key header does not match any key this sandbox was started with.",
      };
    }
    return { ok: true, label: keyLabel(index) };
  };
}
