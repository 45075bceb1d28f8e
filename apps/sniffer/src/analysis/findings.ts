import { type FrameFinding, NO_FINDINGS } from "../frame-context.js";
import { FINDINGS, type FindingCode } from "./catalog.js";

/** One finding of a capture: every frame showing the same problem about the same subject. */
export interface FindingReport {
  readonly code: FindingCode;
  /** The clause of ASHRAE 135 it rests on, e.g. `U.2 BVLC-Result`. */
  readonly clause: string;
  readonly title: string;
  /** What it is about (an address, a VMAC, a pair), the grouping key beside the code. */
  readonly subject: string;
  /** The first occurrence in words. */
  readonly text: string;
  /** Occurrences (frames or events). */
  readonly count: number;
  /** Frame numbers, at most {@link MAX_FRAMES_PER_FINDING}, in capture order. */
  readonly frames: readonly number[];
}

/** Frame numbers kept per finding; more are counted. */
export const MAX_FRAMES_PER_FINDING = 16;
/** Distinct findings (code + subject) kept per capture; more are counted. */
export const MAX_FINDINGS = 512;

interface Group {
  code: FindingCode;
  subject: string;
  text: string;
  count: number;
  frames: number[];
}

/** Collects findings grouped by code and subject, with caps. */
export class FindingCollector {
  readonly #groups = new Map<string, Group>();
  /** The frame's findings; made at its first, so the many frames without one allocate nothing. */
  #current: FrameFinding[] | null = null;
  /** Occurrences of findings not kept because {@link MAX_FINDINGS} distinct ones were kept. */
  overflow = 0;

  /** Findings of the frame being observed (attached to it as `bip6.finding`). */
  get current(): readonly FrameFinding[] {
    return this.#current ?? NO_FINDINGS;
  }

  /** Starts the next frame: no findings attached to it yet. */
  newFrame(): void {
    this.#current = null;
  }

  /** Records one occurrence; `attach` puts it on the current frame too. */
  add(code: FindingCode, subject: string, text: string, frames: readonly number[], attach = true): void {
    const key = `${code}\u0000${subject}`;
    let g = this.#groups.get(key);
    if (g === undefined) {
      if (this.#groups.size >= MAX_FINDINGS) {
        this.overflow++;
        return;
      }
      g = { code, subject, text, count: 0, frames: [] };
      this.#groups.set(key, g);
    }
    g.count++;
    for (const f of frames) {
      if (g.frames.length >= MAX_FRAMES_PER_FINDING) break;
      if (!g.frames.includes(f)) g.frames.push(f);
    }
    if (attach) (this.#current ??= []).push({ code, text: `${text} (${FINDINGS[code].clause})` });
  }

  /** The findings in order of first occurrence. */
  reports(): FindingReport[] {
    return [...this.#groups.values()].map((g) => ({
      code: g.code,
      clause: FINDINGS[g.code].clause,
      title: FINDINGS[g.code].title,
      subject: g.subject,
      text: g.text,
      count: g.count,
      frames: [...g.frames].sort((a, b) => a - b),
    }));
  }
}
