/**
 * The frame list: one `bip6-sniff` summary line per shown frame, as an ARIA listbox (one tab
 * stop; arrows, Page Up/Down, Home/End move the selection, which opens the frame). Rows are
 * rendered in pages, so a capture of many thousand frames lists at once.
 *
 * @module
 */
import { el } from "./dom.ts";
import type { FrameEntry } from "./run.ts";

/** Rows rendered at a time. */
const PAGE = 2000;

/** The list and what the page asks of it. */
export interface FrameList {
  readonly element: HTMLElement;
  /** Selects frame `number` when it is listed (rendering rows up to it); false otherwise. */
  select(number: number, focus?: boolean): boolean;
}

/** Builds the list of `frames`; `onSelect` gets the frame a user selects. */
export function frameList(frames: readonly FrameEntry[], onSelect: (frame: FrameEntry) => void): FrameList {
  const list = el("ul", { role: "listbox", id: "frame-list", "aria-label": "Frames", tabindex: "0", class: "frames" });
  const more = el("button", { type: "button", class: "more" });
  const wrap = el("div", { class: "frame-list" }, list);
  const rows: HTMLLIElement[] = [];
  const index = new Map<number, number>(frames.map((f, i) => [f.number, i]));
  let selected = -1;

  function row(f: FrameEntry): HTMLLIElement {
    const classes = [
      f.malformed ? "malformed" : "",
      f.findings.length > 0 ? "finding" : "",
      f.problems > 0 ? "problem" : "",
    ];
    const li = el("li", {
      role: "option",
      id: `frame-${f.number}`,
      "aria-selected": "false",
      "data-number": String(f.number),
      class: classes.filter(Boolean).join(" "),
    });
    li.append(el("span", { class: "line" }, f.line ?? `${String(f.number).padStart(4)} (line not kept)`));
    const notes: string[] = [];
    if (f.malformed) notes.push("malformed");
    if (f.problems > 0) notes.push(`${f.problems} decode problem${f.problems === 1 ? "" : "s"}`);
    if (f.findings.length > 0) notes.push(`${f.findings.length} finding${f.findings.length === 1 ? "" : "s"}`);
    if (notes.length > 0) li.append(" ", el("span", { class: "badge" }, notes.join(", ")));
    return li;
  }

  function renderUpTo(n: number): void {
    const target = Math.min(frames.length, n);
    for (let i = rows.length; i < target; i++) {
      const li = row(frames[i] as FrameEntry);
      rows.push(li);
      list.append(li);
    }
    const left = frames.length - rows.length;
    more.textContent = `List ${Math.min(PAGE, left)} more frames (${left} not listed yet)`;
    if (left > 0 && !more.isConnected) wrap.append(more);
    if (left === 0) more.remove();
  }

  function choose(i: number, focus = true): void {
    if (i < 0 || i >= frames.length) return;
    if (i >= rows.length) renderUpTo(Math.ceil((i + 1) / PAGE) * PAGE);
    rows[selected]?.setAttribute("aria-selected", "false");
    selected = i;
    const li = rows[i] as HTMLLIElement;
    li.setAttribute("aria-selected", "true");
    list.setAttribute("aria-activedescendant", li.id);
    li.scrollIntoView({ block: "nearest" });
    if (focus) list.focus({ preventScroll: true });
    onSelect(frames[i] as FrameEntry);
  }

  more.addEventListener("click", () => renderUpTo(rows.length + PAGE));
  list.addEventListener("click", (e) => {
    const li = (e.target as HTMLElement).closest("li[role=option]");
    const i = li ? index.get(Number(li.getAttribute("data-number"))) : undefined;
    if (i !== undefined) choose(i);
  });
  list.addEventListener("keydown", (e) => {
    const page = 10;
    const moves: Record<string, number> = {
      ArrowDown: selected + 1,
      ArrowUp: selected - 1,
      PageDown: selected + page,
      PageUp: selected - page,
      Home: 0,
      End: frames.length - 1,
    };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    choose(Math.max(0, Math.min(frames.length - 1, selected < 0 && e.key === "ArrowDown" ? 0 : to)));
  });
  renderUpTo(PAGE);
  if (frames.length === 0) list.append(el("li", { class: "empty", "aria-disabled": "true" }, "No frames"));

  return {
    element: wrap,
    select(number: number, focus = false): boolean {
      const i = index.get(number);
      if (i === undefined) return false;
      choose(i, focus);
      return true;
    },
  };
}
