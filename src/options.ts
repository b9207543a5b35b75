/**
 * Client options: defaults, and the checks that make a misconfigured client
 * fail at creation rather than at its first request.
 */
import { ConfigurationError } from "./errors.ts";

export const DEFAULT_BASE_URL = "https://partner.aboutyou.com";
export const API_KEY_ENV = "SELLERS_CENTER_API_KEY";
export const DEFAULT_TIMEOUT_MS = 30_000;

const LOOPBACK_HOSTS = new Set(["localhost", "::1", "[::1]"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function resolveApiKey(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = explicit === undefined;
  const raw = fromEnv ? env[API_KEY_ENV] : explicit;
  if (typeof raw !== "string" || raw.trim() === "") {
    throw new ConfigurationError(
      fromEnv
        ? `No API key: pass { apiKey } to createSellersCenterClient or set the ${API_KEY_ENV} environment variable. Admins create keys in the Sellers Center.`
        : "The apiKey option is empty or blank: pass the key an admin created in the Sellers Center.",
    );
  }
  const key = raw.trim();
  // A header value may not hold control characters; say so without echoing the key.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigurationError(
      `The API key${fromEnv ? ` in ${API_KEY_ENV}` : ""} contains spaces, control or non-ASCII characters, so it cannot be sent as a header. Copy the key again, exactly as shown when it was created.`,
    );
  }
  return key;
}

export function resolveBaseUrl(raw: string | URL | undefined): URL {
  let url: URL;
  try {
    url = new URL(raw ?? DEFAULT_BASE_URL);
  } catch {
    throw new ConfigurationError(`baseUrl ${JSON.stringify(String(raw))} is not a URL. Use e.g. ${DEFAULT_BASE_URL}.`);
  }
  if (url.username || url.password) {
    throw new ConfigurationError("baseUrl must not contain credentials: the API key goes in the apiKey option.");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new ConfigurationError(
      `baseUrl ${url.origin} is refused: the API key may only travel over https (plain http is allowed for loopback hosts such as 127.0.0.1, for local tests).`,
    );
  }
  if (url.search || url.hash) {
    throw new ConfigurationError("baseUrl must not contain a query or fragment.");
  }
  return url;
}

export function resolveTimeoutMs(raw: number | undefined): number {
  const value = raw ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`timeoutMs must be a positive number of milliseconds (got ${String(raw)}).`);
  }
  return value;
}
