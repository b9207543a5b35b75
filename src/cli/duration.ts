/** Durations on the command line (`--timeout 90s`) and in progress lines (`1 min 5 s`). */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * `500ms`, `30s`, `10m`, `10min`, `2h`, `1.5h`; a bare number means seconds.
 * Returns undefined when `text` is not a positive duration.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/i.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[(match[2] ?? "s").toLowerCase()] ?? 1000);
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** 850 -> "0.9 s", 65_000 -> "1 min 5 s", 7_260_000 -> "2 h 1 min". */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
}
