/**
 * The decoder page: paste hex or open a pcap/pcapng capture, and every frame is decoded in the
 * browser by `bip6-sniff`'s own library (run.ts): its summary lines, `-V` tree, `-x` dump,
 * `-Y` filters, findings and `--summary` tables. Nothing leaves the page.
 *
 * @module
 */
import {
  type CompiledFilter,
  type DecodedField,
  DisplayFilterError,
  compileFilter,
  filterErrorText,
  readCapture,
} from "@bip6/sniffer";
import { el } from "./dom.ts";
import { EXAMPLES, exampleCapture } from "./examples.ts";
import { type FrameList, frameList } from "./frame-list.ts";
import { hexView } from "./hex-view.ts";
import { type PastedOrigin, fileSlices, packetSource, pastedPackets } from "./packets.ts";
import { type PasteProblem, parsePasted } from "./paste.ts";
import { findingsView, summaryView } from "./report-view.ts";
import { type DecodeRun, type FrameDetail, type FrameEntry, decodeRun, frameDetail } from "./run.ts";
import { treeView } from "./tree-view.ts";

type Input =
  | { readonly kind: "paste"; readonly text: string }
  | { readonly kind: "file"; readonly name: string; readonly bytes: Uint8Array };

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Octets per dump row: the CLI's 16, or 8 where 16 do not fit (a phone held upright). */
const narrow = matchMedia("(max-width: 40rem)");

const state: {
  input: Input;
  ports: number[];
  filter: CompiledFilter | undefined;
  run: DecodeRun | undefined;
  origins: ReadonlyMap<number, PastedOrigin>;
  list: FrameList | undefined;
  selected: FrameEntry | undefined;
  detail: FrameDetail | undefined;
  generation: number;
} = {
  input: { kind: "paste", text: "" },
  ports: [47808],
  filter: undefined,
  run: undefined,
  origins: new Map(),
  list: undefined,
  selected: undefined,
  detail: undefined,
  generation: 0,
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function statusText(run: DecodeRun, name: string): string {
  const s = run.stats;
  const parts = [
    `${name}: ${plural(s.frames, "BACnet/IPv6 frame")} (${s.malformed} malformed) in ${plural(s.packets, "packet")}`,
  ];
  if (run.format !== undefined) parts[0] += ` (${run.format})`;
  if (state.filter !== undefined) parts.push(`${run.shown.length + run.shownLeftOut} shown by the filter`);
  if (s.otherTraffic > 0) parts.push(`${s.otherTraffic} other traffic`);
  if (s.fragmentsSkipped > 0) parts.push(`${s.fragmentsSkipped} non-first fragments skipped`);
  if (s.unsupportedLinkType > 0) parts.push(`${s.unsupportedLinkType} of an unsupported link type`);
  parts.push(plural(run.report.findings.length, "finding"));
  if (run.framesLeftOut > 0) parts.push(`the last ${run.framesLeftOut} frames counted but not kept (too many to list)`);
  return parts.join(", ");
}

function renderProblems(problems: readonly PasteProblem[], run: DecodeRun | undefined, name: string): void {
  const items = problems.map((p) =>
    el(
      "li",
      { "data-line": String(p.line), "data-column": String(p.column) },
      `line ${p.line}, column ${p.column}: ${p.message}`,
    ),
  );
  // As the CLI says it: every frame before the damage is shown, then this.
  if (run?.captureError)
    items.push(
      el(
        "li",
        { class: "capture-error" },
        `${name}: capture damaged: ${run.captureError.message} [${run.captureError.code}]`,
      ),
    );
  $("problems").replaceChildren(...items);
}

function fieldText(f: DecodedField, d: FrameDetail, start: number): string {
  const octets =
    f.length === 0
      ? `at octet ${f.offset - start}`
      : f.length === 1
        ? `octet ${f.offset - start}`
        : `octets ${f.offset - start}–${f.offset - start + f.length - 1}`;
  const where = start === d.payloadStart ? "of the datagram" : "of the packet";
  return `${f.name}${f.value === "" ? "" : ` = ${String(f.value)}`} (${octets} ${where})`;
}

function renderDetail(entry: FrameEntry, d: FrameDetail): void {
  const origin = state.origins.get(entry.number);
  // A datagram pasted alone is dumped alone: the headers before it are the page's, not the user's.
  const start = origin?.wrapped === true ? d.payloadStart : 0;
  const box = el("article", { class: "frame", "data-number": String(d.number) });
  box.append(el("h3", {}, `Frame ${d.number}`, origin ? ` (line ${origin.line} of the pasted text)` : ""));
  if (origin?.placeholder)
    box.append(
      el(
        "p",
        { class: "note" },
        "Pasted without addresses: the frame, IPv6 and UDP layers (documentation addresses) are the page's; the dump shows the datagram.",
      ),
    );
  else if (origin?.wrapped)
    box.append(
      el(
        "p",
        { class: "note" },
        "The IPv6 and UDP headers are the page's (from the addresses given); the dump shows the datagram.",
      ),
    );
  if (!entry.shown) box.append(el("p", { class: "note" }, "This frame does not pass the display filter."));
  const bad = new Set<number>();
  const at = (offset: number): string => {
    const inDatagram = `octet ${offset - d.payloadStart} of the datagram`;
    return start === 0 && d.payloadStart > 0 ? `${inDatagram} (octet ${offset} of the packet)` : inDatagram;
  };
  if (d.error !== undefined) {
    bad.add(d.error.offset >= d.payloadEnd ? d.data.length : d.error.offset);
    box.append(
      el(
        "p",
        { class: "error", "data-offset": String(d.error.offset - start), "data-code": d.error.code },
        `${d.error.code} at ${at(d.error.offset)}: ${d.error.message}`,
      ),
    );
  }
  for (const p of d.problems) {
    bad.add(p.offset >= d.payloadEnd ? d.data.length : p.offset);
    box.append(
      el(
        "p",
        { class: "error problem", "data-offset": String(p.offset - start), "data-code": p.code },
        `${p.code} at ${at(p.offset)}: ${p.message}`,
      ),
    );
  }
  if (d.findings.length > 0)
    box.append(
      el(
        "ul",
        { class: "frame-findings" },
        ...d.findings.map((f) => el("li", { "data-code": f.code }, el("code", {}, f.code), ` ${f.text}`)),
      ),
    );
  const selection = el("p", { class: "selection", "aria-live": "polite" });
  const hex = hexView(d.data, {
    start,
    width: narrow.matches ? 8 : 16,
    bad,
    label: `Octets of frame ${d.number}`,
    onOctet: (offset) => {
      if (!tree.selectAt(offset)) hex.highlight(offset, 1);
    },
  });
  const tree = treeView(d.tree, `Fields of frame ${d.number}`, (f) => {
    hex.highlight(f.offset, f.length);
    selection.textContent = fieldText(f, d, start);
  });
  box.append(
    el(
      "div",
      { class: "panes" },
      el("div", { class: "pane tree-pane" }, el("h4", {}, "Fields (-V)"), tree.element),
      el(
        "div",
        { class: "pane hex-pane" },
        el("h4", {}, start === 0 ? "Packet (-x)" : "Datagram"),
        hex.element,
        selection,
      ),
    ),
    el(
      "details",
      { class: "cli" },
      el("summary", {}, "As bip6-sniff -V prints it"),
      el("pre", { class: "vtext" }, d.text),
    ),
  );
  $("detail").replaceChildren(box);
}

async function openEntry(entry: FrameEntry): Promise<void> {
  state.selected = entry;
  const generation = state.generation;
  const d = await frameDetail(entry, state.ports);
  if (generation !== state.generation || state.selected !== entry) return;
  state.detail = d;
  renderDetail(entry, d);
}

/** Opens frame `n` (from a finding): selected in the list when shown, its details either way. */
function openFrame(n: number): void {
  const entry = state.run?.frames.find((f) => f.number === n);
  if (entry === undefined) return;
  if (!(entry.shown && state.list?.select(n, true))) void openEntry(entry);
  $("detail-heading").scrollIntoView({ block: "start" });
}

async function decode(): Promise<void> {
  const generation = ++state.generation;
  const input = state.input;
  const name = input.kind === "paste" ? "pasted" : input.name;
  let problems: PasteProblem[] = [];
  let origins = new Map<number, PastedOrigin>();
  document.body.dataset.busy = "true";
  $("status").textContent = `${name}: decoding…`;
  let run: DecodeRun;
  if (input.kind === "paste") {
    const parsed = parsePasted(input.text);
    problems = parsed.problems;
    const built = pastedPackets(parsed.datagrams);
    origins = built.origins;
    run = await decodeRun(packetSource(built.packets), { ports: state.ports, filter: state.filter });
  } else {
    const total = input.bytes.length;
    const progress = (done: number): void => {
      if (total > 1 << 21) $("status").textContent = `${name}: decoding… ${Math.round((100 * done) / total)} %`;
    };
    const reader = readCapture(fileSlices(input.bytes, progress, () => generation !== state.generation));
    run = await decodeRun(reader, { ports: state.ports, filter: state.filter, reader });
  }
  if (generation !== state.generation) return;
  state.run = run;
  state.origins = origins;
  $("status").textContent = statusText(run, name);
  renderProblems(problems, run, name);
  const previous = state.selected?.number;
  state.list = frameList(run.shown, (entry) => void openEntry(entry));
  const more =
    run.shownLeftOut > 0
      ? [
          el(
            "p",
            { class: "note" },
            `${run.shownLeftOut} more frames pass the filter but are not listed: narrow it down.`,
          ),
        ]
      : [];
  $("frames").replaceChildren(state.list.element, ...more);
  $("findings-heading").textContent = `Findings (${run.report.findings.length})`;
  $("findings").replaceChildren(findingsView(run.report.findings, openFrame));
  $("summary").replaceChildren(summaryView(run.report, run.stats.packets, run.summaryText));
  state.selected = undefined;
  // The frame open before stays open when it is still listed (a filter applied, a line edited).
  const first = run.shown.find((f) => f.number === previous) ?? run.shown[0];
  if (first !== undefined) state.list.select(first.number);
  else
    $("detail").replaceChildren(
      el("p", { class: "none" }, run.frames.length > 0 ? "No frame passes the filter." : "No frames."),
    );
  delete document.body.dataset.busy;
  document.body.dataset.runs = String(generation);
}

async function openFile(file: File): Promise<void> {
  state.input = { kind: "file", name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  await decode();
}

function setUpFilter(): void {
  const input = $<HTMLInputElement>("filter");
  const error = $("filter-error");
  /** Compiles the text; shows the CLI's message and caret when it does not compile. */
  const check = (): CompiledFilter | undefined | null => {
    // Compiled as typed, spaces included, as the CLI gets its -Y argument: the caret's column
    // then matches the CLI's for the same text.
    const text = input.value;
    error.textContent = "";
    input.removeAttribute("aria-invalid");
    delete input.dataset.state;
    if (text.trim() === "") return undefined;
    try {
      const compiled = compileFilter(text);
      input.dataset.state = "valid";
      return compiled;
    } catch (e) {
      if (!(e instanceof DisplayFilterError)) throw e;
      input.setAttribute("aria-invalid", "true");
      input.dataset.state = "invalid";
      error.textContent = filterErrorText(text, e);
      error.dataset.column = String(e.column);
      return null;
    }
  };
  input.addEventListener("input", () => void check());
  $("filter-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const compiled = check();
    if (compiled === null) {
      // Put the cursor on the offending characters, as the caret line points at them.
      const column = Number(error.dataset.column ?? "1") - 1;
      input.focus();
      input.setSelectionRange(column, column + 1);
      return;
    }
    state.filter = compiled;
    void decode();
  });
  $("filter-clear").addEventListener("click", () => {
    input.value = "";
    void check();
    state.filter = undefined;
    void decode();
  });
}

function setUpInputs(): void {
  const hex = $<HTMLTextAreaElement>("hex");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fromText = (): void => {
    clearTimeout(timer);
    state.input = { kind: "paste", text: hex.value };
    void decode();
  };
  hex.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fromText, 250);
  });
  $("decode").addEventListener("click", fromText);
  $("examples").addEventListener("click", () => {
    hex.value = EXAMPLES;
    fromText();
  });
  $("demo").addEventListener("click", () => {
    state.input = { kind: "file", name: "example.pcap", bytes: exampleCapture() };
    void decode();
  });
  const picker = $<HTMLInputElement>("file");
  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    if (file) void openFile(file);
  });
  // A file dropped anywhere on the page opens.
  const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes("Files") ?? false;
  document.addEventListener("dragover", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    document.body.classList.add("dragging");
  });
  document.addEventListener("dragleave", (e) => {
    if (e.relatedTarget === null) document.body.classList.remove("dragging");
  });
  document.addEventListener("drop", (e) => {
    document.body.classList.remove("dragging");
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void openFile(file);
  });
  const ports = $<HTMLInputElement>("ports");
  ports.addEventListener("change", () => {
    const list = ports.value
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    const valid = list.length > 0 && list.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535);
    ports.setCustomValidity(valid ? "" : "UDP ports are whole numbers from 1 to 65535, separated by commas");
    ports.reportValidity();
    if (!valid) return;
    state.ports = list;
    void decode();
  });
  narrow.addEventListener("change", () => {
    if (state.selected !== undefined && state.detail !== undefined) renderDetail(state.selected, state.detail);
  });
  if (hex.value.trim() === "") hex.value = EXAMPLES;
  fromText();
}

setUpFilter();
setUpInputs();
document.body.dataset.ready = "true";
