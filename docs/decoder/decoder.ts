/**
 * The decoder page: paste hex or drop a pcap/pcapng file; every frame is decoded in the browser
 * with the packages' browser builds (model.ts) and rendered here. Nothing leaves the page.
 */
import type { DecodedField } from "@bip6/sniffer/bacnet";
import { type DecodeRun, type FrameView, decodeCapture, decodePasted } from "./model.ts";

/** Shown in the text area until the user pastes something: one frame of each kind of problem. */
const EXAMPLE = [
  "# One BVLL6 datagram per line (spaces, colons and 0x are fine). Examples from annex-u.md §2:",
  "82 03 000a 0004d2 00162e",
  "82 00 0009 0004d2 0090",
  "82 02 0015 0004d2 01 20 ffff 00 ff 10 08 0a 0001 1a 0002",
  "# a length field that disagrees with the datagram:",
  "82 03 000b 0004d2 00162e",
].join("\n");

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

const hex2 = (b: number): string => b.toString(16).padStart(2, "0");

/** The datagram as hex, each octet titled with its field; the offending octet marked. */
function hexDump(view: FrameView): HTMLElement {
  const pre = el("pre", { class: "hex" });
  const fieldAt = (i: number): string | undefined =>
    view.layout.find((s) => i >= s.start && i < s.start + s.length)?.label;
  const bad = new Set<number>();
  if (view.error) bad.add(view.error.offset);
  for (const p of view.bacnet?.problems ?? []) bad.add(view.bacnet!.at + p.offset);
  view.octets.forEach((b, i) => {
    if (i > 0) pre.append(i % 16 === 0 ? "\n" : " ");
    const label = fieldAt(i);
    const span = el("span", { "data-offset": String(i), title: `octet ${i}${label ? `: ${label}` : ""}` }, hex2(b));
    if (label) span.dataset.field = label;
    if (bad.has(i)) span.classList.add("bad");
    pre.append(span);
  });
  // An error past the last octet (a frame cut short) is marked where the octets end.
  if (view.error && view.error.offset >= view.octets.length)
    pre.append(
      " ",
      el("span", { class: "bad end", "data-offset": String(view.error.offset), title: "ends here" }, "‖"),
    );
  return pre;
}

function fieldsTable(view: FrameView): HTMLElement {
  const table = el("table", { class: "fields" });
  for (const [name, value] of Object.entries(view.fields)) {
    const text = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
    table.append(el("tr", { "data-field": name }, el("th", {}, name), el("td", {}, text)));
  }
  return table;
}

function layoutTable(view: FrameView): HTMLElement {
  const table = el("table", { class: "layout" });
  for (const s of view.layout) {
    const octets = Array.from(view.octets.subarray(s.start, s.start + s.length), hex2).join(" ");
    const span = s.length === 1 ? `${s.start}` : `${s.start}–${s.start + s.length - 1}`;
    table.append(el("tr", {}, el("th", {}, span), el("td", {}, s.label), el("td", { class: "mono" }, octets)));
  }
  return table;
}

function tree(fields: readonly DecodedField[]): HTMLElement {
  const ul = el("ul", { class: "tree" });
  for (const f of fields) {
    const li = el("li", { "data-field": f.name, title: `${f.name} (octets ${f.offset}+${f.length})` }, f.label);
    if (f.children && f.children.length > 0) li.append(tree(f.children));
    ul.append(li);
  }
  return ul;
}

function frameCard(view: FrameView): HTMLElement {
  const card = el("article", { class: "frame", "data-number": String(view.number) });
  if (view.kind) card.dataset.kind = view.kind;
  if (view.error) {
    card.dataset.error = view.error.code;
    card.classList.add("malformed");
  }
  card.append(el("h3", { class: "line" }, view.line));
  if (view.error)
    card.append(
      el(
        "p",
        { class: "error", "data-offset": String(view.error.offset) },
        `${view.error.code} at octet ${view.error.offset}: ${view.error.message}`,
      ),
    );
  card.append(hexDump(view));
  const details = el("div", { class: "details" });
  details.append(el("section", {}, el("h4", {}, "BVLL6"), layoutTable(view)));
  details.append(el("section", {}, el("h4", {}, "Fields (bip6-sniff --json)"), fieldsTable(view)));
  if (view.bacnet) {
    const b = view.bacnet;
    const section = el("section", { class: "bacnet" }, el("h4", {}, `BACnet: ${b.summary}`), tree(b.fields));
    for (const p of b.problems)
      section.append(
        el(
          "p",
          { class: "error", "data-offset": String(b.at + p.offset) },
          `${p.code} at octet ${b.at + p.offset}: ${p.message}`,
        ),
      );
    details.append(section);
  }
  card.append(details);
  return card;
}

function render(run: DecodeRun, source: string): void {
  const out = document.getElementById("frames")!;
  out.replaceChildren(...run.frames.map(frameCard));
  const malformed = run.frames.filter((f) => f.error).length;
  const parts = [`${source}: ${run.frames.length} frame${run.frames.length === 1 ? "" : "s"}`];
  if (malformed > 0) parts.push(`${malformed} malformed`);
  if (run.format) parts.push(run.format);
  if (run.stats) parts.push(`${run.stats.packets} packets read, ${run.stats.otherTraffic} other traffic`);
  const status = document.getElementById("status")!;
  status.textContent = parts.join(", ");
  const problems = document.getElementById("problems")!;
  problems.replaceChildren(
    ...run.problems.map((p) => el("li", {}, `line ${p.line}, column ${p.column}: ${p.message}`)),
    ...(run.captureError ? [el("li", { class: "capture-error" }, run.captureError)] : []),
  );
}

async function decodeFile(file: File): Promise<void> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  render(await decodeCapture(bytes), file.name);
}

function main(): void {
  const input = document.getElementById("hex") as HTMLTextAreaElement;
  const drop = document.getElementById("drop")!;
  const picker = document.getElementById("file") as HTMLInputElement;
  if (input.value.trim() === "") input.value = EXAMPLE;
  const fromText = (): void => render(decodePasted(input.value), "pasted");
  input.addEventListener("input", fromText);
  document.getElementById("decode")!.addEventListener("click", fromText);
  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    if (file) void decodeFile(file);
  });
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const file = e.dataTransfer?.files[0];
    if (file) void decodeFile(file);
  });
  fromText();
  document.body.dataset.ready = "true";
}

main();
