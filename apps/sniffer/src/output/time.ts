/**
 * Time texts as tshark writes them: the `-t` column formats and the frame layer's times.
 *
 * @module
 */

/** tshark's `-t` formats. */
export const TIME_FORMATS = ["a", "ad", "adoy", "d", "dd", "e", "r", "u", "ud", "udoy"] as const;

/** One of {@link TIME_FORMATS}: absolute (local/UTC, with date or day of year), delta, epoch or relative. */
export type TimeFormat = (typeof TIME_FORMATS)[number];

/** What a time column may show of one frame. */
export interface FrameTimes {
  readonly seconds: number;
  readonly nanoseconds: number;
  readonly relativeNanoseconds: number;
  /** Since the packet read before it. */
  readonly deltaNanoseconds: number;
  /** Since the frame shown before it. */
  readonly deltaDisplayedNanoseconds: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** `s.ffffff` (or `decimals` digits) of a signed nanosecond count, truncated like tshark. */
export function durationText(nanoseconds: number, decimals = 6): string {
  const sign = nanoseconds < 0 ? "-" : "";
  const abs = Math.abs(nanoseconds);
  const whole = Math.floor(abs / 1e9);
  const fraction = Math.floor((abs - whole * 1e9) / 10 ** (9 - decimals));
  return decimals === 0 ? `${sign}${whole}` : `${sign}${whole}.${pad(fraction, decimals)}`;
}

/** `1700000000.006000000`: seconds since the epoch with `decimals` digits, exact (no floating point). */
export function epochText(seconds: number, nanoseconds: number, decimals = 9): string {
  return `${seconds}.${pad(Math.floor(nanoseconds / 10 ** (9 - decimals)), decimals)}`;
}

/** Calendar fields of an instant, in UTC or the local time zone. */
function calendar(
  seconds: number,
  utc: boolean,
): { y: number; mo: number; d: number; h: number; mi: number; s: number; doy: number; zone: string } {
  const date = new Date(seconds * 1000);
  const y = utc ? date.getUTCFullYear() : date.getFullYear();
  const mo = utc ? date.getUTCMonth() : date.getMonth();
  const d = utc ? date.getUTCDate() : date.getDate();
  const startOfYear = utc ? Date.UTC(y, 0, 1) : new Date(y, 0, 1).getTime();
  const startOfDay = utc ? Date.UTC(y, mo, d) : new Date(y, mo, d).getTime();
  return {
    y,
    mo,
    d,
    h: utc ? date.getUTCHours() : date.getHours(),
    mi: utc ? date.getUTCMinutes() : date.getMinutes(),
    s: utc ? date.getUTCSeconds() : date.getSeconds(),
    doy: Math.round((startOfDay - startOfYear) / 86_400_000) + 1,
    zone: utc ? "UTC" : zoneName(date),
  };
}

function zoneName(date: Date): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
      .formatToParts(date)
      .find((p) => p.type === "timeZoneName");
    return part?.value ?? "";
  } catch {
    return "";
  }
}

/** `Nov 14, 2023 22:13:20.006000000 UTC`: tshark's frame.time, in the local time zone. */
export function arrivalTimeText(seconds: number, nanoseconds: number): string {
  const c = calendar(seconds, false);
  const zone = c.zone === "" ? "" : ` ${c.zone}`;
  return `${MONTHS[c.mo]} ${pad(c.d)}, ${c.y} ${pad(c.h)}:${pad(c.mi)}:${pad(c.s)}.${pad(nanoseconds, 9)}${zone}`;
}

/** The time column of one frame in `format`, with 6 decimals, as tshark prints it for a microsecond capture. */
export function timeColumn(format: TimeFormat, t: FrameTimes): string {
  switch (format) {
    case "r":
      return durationText(t.relativeNanoseconds).padStart(10);
    case "d":
      return durationText(t.deltaNanoseconds).padStart(10);
    case "dd":
      return durationText(t.deltaDisplayedNanoseconds).padStart(10);
    case "e":
      return epochText(t.seconds, t.nanoseconds, 6);
    default: {
      const utc = format[0] === "u";
      const c = calendar(t.seconds, utc);
      const clock = `${pad(c.h)}:${pad(c.mi)}:${pad(c.s)}.${pad(Math.floor(t.nanoseconds / 1000), 6)}`;
      const rest = format.slice(1);
      if (rest === "d") return `${c.y}-${pad(c.mo + 1)}-${pad(c.d)} ${clock}`;
      if (rest === "doy") return `${c.y}/${pad(c.doy, 3)} ${clock}`;
      return clock;
    }
  }
}
