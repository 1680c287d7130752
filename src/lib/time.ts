/**
 * Timestamps for subtitle formats. SRT writes `HH:MM:SS,mmm`, WebVTT writes `HH:MM:SS.mmm`;
 * both count whole milliseconds, so everything is rounded to the millisecond first
 * (rounding each field separately would print `00:00:01,1000`).
 */
export type FractionSeparator = ',' | '.';

export function formatTimestamp(seconds: number, separator: FractionSeparator): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`Not a valid media time: ${seconds}`);
  }
  const totalMs = Math.round(seconds * 1000);
  const ms = totalMs % 1000;
  const totalS = (totalMs - ms) / 1000;
  const s = totalS % 60;
  const m = Math.floor(totalS / 60) % 60;
  const h = Math.floor(totalS / 3600);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${separator}${pad(ms, 3)}`;
}

const TIMESTAMP = /^(?:(\d+):)?([0-5]\d):([0-5]\d)[,.](\d{3})$/;

/** Parses `HH:MM:SS,mmm`, `HH:MM:SS.mmm` or the WebVTT short form `MM:SS.mmm` into seconds. */
export function parseTimestamp(text: string): number {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) throw new SyntaxError(`Not a subtitle timestamp: "${text}"`);
  const [, h = '0', m, s, ms] = match;
  return ((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000 + Number(ms)) / 1000;
}

/** Short clock for the screen: `m:ss` below an hour, `h:mm:ss` above. */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const s = whole % 60;
  const m = Math.floor(whole / 60) % 60;
  const h = Math.floor(whole / 3600);
  return h > 0 ? `${h}:${pad(m, 2)}:${pad(s, 2)}` : `${m}:${pad(s, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
