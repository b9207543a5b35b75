/** Replaces every occurrence of the given secrets in `text`, so no error or log line can echo them. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length > 0) result = result.split(secret).join("[REDACTED]");
  }
  return result;
}

export type Redactor = (text: string) => string;
