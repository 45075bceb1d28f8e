/**
 * The hex and ASCII dump of a frame, laid out as `bip6-sniff -x` (tshark's `-x`) prints it:
 * offset, octets in hex, the same octets as ASCII. The selected field's octets are highlighted,
 * the offending octet of a decode error is marked, and clicking an octet asks for the field
 * that covers it.
 *
 * @module
 */
import { el } from "./dom.ts";

/** The dump and what the page asks of it. */
export interface HexView {
  readonly element: HTMLElement;
  /** Highlights octets `[offset, offset + length)` (packet offsets); nothing when length is 0 and the octet is absent. */
  highlight(offset: number, length: number): void;
}

/** Options of {@link hexView}. */
export interface HexViewOptions {
  /** First octet dumped (the datagram's, when the page made up the headers before it); offsets count from here. */
  readonly start: number;
  /** Octets per row (16 as the CLI; fewer on a narrow screen). */
  readonly width: number;
  /** Packet offsets of octets to mark as wrong; an offset at or past the end marks the end. */
  readonly bad: ReadonlySet<number>;
  readonly label: string;
  /** Called with the packet offset of a clicked octet. */
  readonly onOctet?: (offset: number) => void;
}

const hex2 = (b: number): string => b.toString(16).padStart(2, "0");

/** Builds the dump of `data[options.start..]`. */
export function hexView(data: Uint8Array, options: HexViewOptions): HexView {
  const { start, width, bad } = options;
  const root = el("div", { class: "hexdump", role: "group", "aria-label": options.label });
  const hexSpans: HTMLElement[] = [];
  const asciiSpans: HTMLElement[] = [];
  const digits = data.length - start > 0x10000 ? 8 : 4;
  for (let row = start; row < data.length; row += width) {
    const hexPart = el("span", { class: "hx" });
    const asciiPart = el("span", { class: "asc" });
    for (let i = row; i < Math.min(row + width, data.length); i++) {
      const b = data[i] as number;
      if (i > row) hexPart.append(" ");
      // data-offset: the packet offset (what tree fields use); data-at: the offset the dump shows.
      const attrs = { "data-offset": String(i), "data-at": String(i - start) };
      const h = el("span", attrs, hex2(b));
      const a = el("span", attrs, b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".");
      if (bad.has(i)) {
        h.classList.add("bad");
        a.classList.add("bad");
      }
      hexSpans.push(h);
      asciiSpans.push(a);
      hexPart.append(h);
      asciiPart.append(a);
    }
    const pad = " ".repeat(3 * (width - Math.min(width, data.length - row)));
    root.append(
      el(
        "div",
        { class: "hexrow" },
        el("span", { class: "off" }, (row - start).toString(16).padStart(digits, "0")),
        "  ",
        hexPart,
        pad,
        "   ",
        asciiPart,
      ),
    );
  }
  // A datagram cut short (or an error just past its last octet) is marked where the octets end.
  if ([...bad].some((o) => o >= data.length)) {
    const last = root.lastElementChild?.querySelector(".hx") ?? root;
    last.append(
      " ",
      el(
        "span",
        {
          class: "bad end",
          "data-offset": String(data.length),
          "data-at": String(data.length - start),
          title: "the datagram ends here",
        },
        "‖",
      ),
    );
  }
  root.addEventListener("click", (e) => {
    const offset = (e.target as HTMLElement).closest("[data-offset]")?.getAttribute("data-offset");
    if (offset != null && options.onOctet) options.onOctet(Number(offset));
  });
  let lit: HTMLElement[] = [];
  return {
    element: root,
    highlight(offset: number, length: number): void {
      for (const s of lit) s.classList.remove("sel");
      lit = [];
      const from = Math.max(offset, start);
      const to = Math.min(offset + length, data.length);
      for (let i = from; i < to; i++)
        lit.push(hexSpans[i - start] as HTMLElement, asciiSpans[i - start] as HTMLElement);
      for (const s of lit) s.classList.add("sel");
      lit[0]?.scrollIntoView({ block: "nearest" });
    },
  };
}
