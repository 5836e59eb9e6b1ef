/** Display helpers shared by the admin components. */

export function percent(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function nats(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toFixed(3);
}

export function milliseconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;
}

/** "14:03:22" in UTC: the server and every admin read the same clock. */
export function clock(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

export function dateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** How long ago `iso` was, relative to `now` (ms since the epoch). */
export function ago(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** A stable colour per annotator type (by its position in the population). */
export const TYPE_COLOURS = ["#d97706", "#0d9488", "#db2777", "#7c3aed", "#65a30d"];

export const MODEL_COLOUR = "#4f46e5";
export const TARGET_COLOUR = "#94a3b8";
