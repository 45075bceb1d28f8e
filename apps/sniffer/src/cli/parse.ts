/**
 * The command line, parsed against the flag table into {@link CliOptions}. Every mistake is a
 * {@link UsageError} whose message is one line naming the flag and what it wants.
 *
 * @module
 */
import { DEFAULT_BACNET_PORT } from "@bip6/bvll6-codec";
import { REPORT_SECTIONS, type ReportSection } from "../analysis/report.js";
import { UsageError } from "../errors.js";
import type { FieldsOptions } from "../output/fields.js";
import { TIME_FORMATS, type TimeFormat } from "../output/time.js";
import type { OutputFormat } from "../sniff-output.js";
import { COMMANDS, FLAGS, type FlagSpec } from "./flags.js";

/** What the command line asks for. */
export interface CliOptions {
  readonly command: "read" | "live" | "listen" | "demo" | "list-interfaces" | "list-fields" | "help" | "version";
  /** `-r`: a path, or `-` for standard input. */
  readonly input: string | undefined;
  /** `-i`. */
  readonly interface: string | undefined;
  /** `-f`, or the default built from the ports. */
  readonly captureFilter: string;
  readonly ports: readonly number[];
  /** `--scope` (listen), default [2]. */
  readonly scopes: readonly number[];
  /** `-a duration:N`, seconds. */
  readonly durationSeconds: number | undefined;
  /** `-c N` or `-a packets:N`: packets to read. */
  readonly count: number | undefined;
  /** `-Y`. */
  readonly displayFilter: string | undefined;
  readonly format: OutputFormat;
  readonly detail: boolean;
  readonly hex: boolean;
  readonly printSummary: boolean;
  readonly time: TimeFormat;
  /** `-e` and `-E`. */
  readonly fields: FieldsOptions | undefined;
  /** `-w`. */
  readonly write: string | undefined;
  /** `-F`. */
  readonly writeFormat: "pcap" | "pcapng" | undefined;
  /** `-z` sections and `--summary`. */
  readonly statistics: readonly ReportSection[];
}

const BY_LONG = new Map(FLAGS.filter((f) => f.long !== undefined).map((f) => [f.long as string, f]));
const BY_SHORT = new Map(FLAGS.filter((f) => f.short !== undefined).map((f) => [f.short as string, f]));

const fail = (code: ConstructorParameters<typeof UsageError>[0], message: string): never => {
  throw new UsageError(code, message);
};

/** Raw flags: switches as `true`, values in order. */
type Raw = Map<string, string[] | true>;

function scan(argv: readonly string[]): { raw: Raw; positionals: string[] } {
  const raw: Raw = new Map();
  const positionals: string[] = [];
  const put = (f: FlagSpec, value: string | undefined): void => {
    if (f.arg === undefined) {
      raw.set(f.key, true);
      return;
    }
    const list = f.repeat === true ? ((raw.get(f.key) as string[] | undefined) ?? []) : [];
    list.push(value as string);
    raw.set(f.key, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const long = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const f = BY_LONG.get(long);
      if (f === undefined) fail("BAD_ARGUMENT", `unknown option "--${long}"`);
      const spec = f as FlagSpec;
      if (spec.arg === undefined) {
        if (eq >= 0) fail("BAD_ARGUMENT", `option --${long} takes no value`);
        put(spec, undefined);
        continue;
      }
      let value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) value = fail("BAD_ARGUMENT", `option --${long} needs a value (${spec.arg})`);
      put(spec, value);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j] as string;
        const f = BY_SHORT.get(ch);
        if (f === undefined) fail("BAD_ARGUMENT", `unknown option "-${ch}"${a.length > 2 ? ` (in "${a}")` : ""}`);
        const spec = f as FlagSpec;
        if (spec.arg === undefined) {
          put(spec, undefined);
          continue;
        }
        let value = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (value === undefined) value = fail("BAD_ARGUMENT", `option -${ch} needs a value (${spec.arg})`);
        put(spec, value);
        break;
      }
      continue;
    }
    positionals.push(a);
  }
  return { raw, positionals };
}

function list(raw: Raw, key: string): string[] {
  const v = raw.get(key);
  return Array.isArray(v) ? v : [];
}

function last(raw: Raw, key: string): string | undefined {
  return list(raw, key).at(-1);
}

function positiveInteger(text: string, what: string, code: "BAD_COUNT" | "BAD_ARGUMENT"): number {
  if (!/^[0-9]{1,12}$/.test(text) || Number(text) < 1)
    fail(code, `${what} wants a positive whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function parsePort(text: string): number {
  if (!/^[0-9]{1,5}$/.test(text.trim()) || Number(text) < 1 || Number(text) > 0xffff) {
    fail("BAD_PORT", `--port wants a UDP port 1-65535, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function parseScope(text: string): number {
  if (!/^(?:0x)?[0-9a-fA-F]{1,2}$/.test(text.trim()))
    fail("BAD_ARGUMENT", `--scope wants a multicast scope 1-14, got ${JSON.stringify(text)}`);
  const n = Number.parseInt(text.trim().replace(/^0x/, ""), text.includes("0x") ? 16 : 10);
  if (!(n >= 1 && n <= 14)) fail("BAD_ARGUMENT", `--scope wants a multicast scope 1-14, got ${JSON.stringify(text)}`);
  return n;
}

/** `-E` options into {@link FieldsOptions} (without the fields). */
function fieldOptions(options: readonly string[]): Omit<FieldsOptions, "fields"> {
  const out: { -readonly [K in keyof FieldsOptions]?: FieldsOptions[K] } = {};
  const char = (v: string, opt: string): string => {
    if (v === "/t") return "\t";
    if (v === "/s") return " ";
    if (v.length !== 1) fail("BAD_ARGUMENT", `-E ${opt}= wants /t, /s or one character, got ${JSON.stringify(v)}`);
    return v;
  };
  for (const o of options) {
    const eq = o.indexOf("=");
    const key = eq < 0 ? o : o.slice(0, eq);
    const value = eq < 0 ? "" : o.slice(eq + 1);
    switch (key) {
      case "header":
        if (value !== "y" && value !== "n")
          fail("BAD_ARGUMENT", `-E header= wants y or n, got ${JSON.stringify(value)}`);
        out.header = value === "y";
        break;
      case "separator":
        out.separator = char(value, key);
        break;
      case "aggregator":
        out.aggregator = char(value, key);
        break;
      case "occurrence":
        if (value === "f" || value === "l" || value === "a") out.occurrence = value;
        else if (/^[1-9][0-9]*$/.test(value)) out.occurrence = Number(value);
        else fail("BAD_ARGUMENT", `-E occurrence= wants f, l, a or a number, got ${JSON.stringify(value)}`);
        break;
      case "quote":
        if (value !== "d" && value !== "s" && value !== "n")
          fail("BAD_ARGUMENT", `-E quote= wants d, s or n, got ${JSON.stringify(value)}`);
        out.quote = value as "d" | "s" | "n";
        break;
      case "bom":
      case "escape":
        // Accepted for tshark habits: no BOM is ever written, and values never need escaping.
        break;
      default:
        fail(
          "BAD_ARGUMENT",
          `-E wants header=, separator=, occurrence=, aggregator= or quote=, got ${JSON.stringify(o)}`,
        );
    }
  }
  return out;
}

/** Parses the command line (without `node` and the script path); throws {@link UsageError}. */
export function parseCli(argv: readonly string[]): CliOptions {
  const { raw, positionals } = scan(argv);
  const on = (key: string): boolean => raw.get(key) === true;
  const ports = list(raw, "port")
    .flatMap((p) => p.split(","))
    .map(parsePort);
  const usePorts = ports.length > 0 ? ports : [DEFAULT_BACNET_PORT];
  const scopes = list(raw, "scope")
    .flatMap((p) => p.split(","))
    .map(parseScope);
  let count = raw.has("count") ? positiveInteger(last(raw, "count") as string, "-c", "BAD_COUNT") : undefined;
  let durationSeconds: number | undefined;
  for (const cond of list(raw, "autostop")) {
    const m = /^(duration|packets):(.*)$/.exec(cond);
    if (m === null) fail("BAD_ARGUMENT", `-a wants duration:SECONDS or packets:N, got ${JSON.stringify(cond)}`);
    const n = positiveInteger((m as RegExpExecArray)[2] as string, `-a ${(m as RegExpExecArray)[1]}:`, "BAD_ARGUMENT");
    if ((m as RegExpExecArray)[1] === "duration") durationSeconds = n;
    else count = count === undefined ? n : Math.min(count, n);
  }
  const timeText = last(raw, "time") ?? "r";
  if (!(TIME_FORMATS as readonly string[]).includes(timeText)) {
    fail("BAD_ARGUMENT", `-t wants one of ${TIME_FORMATS.join(" ")}, got ${JSON.stringify(timeText)}`);
  }
  const typeText = last(raw, "outputType");
  if (typeText !== undefined && !["text", "fields", "json", "jsonl"].includes(typeText)) {
    fail("BAD_ARGUMENT", `-T wants text, fields, json or jsonl, got ${JSON.stringify(typeText)}`);
  }
  if (on("json") && typeText !== undefined && typeText !== "jsonl")
    fail("BAD_ARGUMENT", `--json and -T ${typeText} ask for two output formats`);
  let format: OutputFormat = on("json") ? "jsonl" : ((typeText ?? "text") as OutputFormat);
  const fieldNames = list(raw, "field");
  const eOptions = list(raw, "fieldOption");
  if (format === "fields" && fieldNames.length === 0) fail("BAD_ARGUMENT", "-T fields needs at least one -e FIELD");
  if (fieldNames.length > 0 && format !== "fields" && format !== "json")
    fail("BAD_ARGUMENT", "-e goes with -T fields or -T json");
  if (eOptions.length > 0 && format !== "fields") fail("BAD_ARGUMENT", "-E goes with -T fields");
  const detail = on("detail");
  const hex = on("hex");
  if ((detail || hex) && format !== "text")
    fail(
      "BAD_ARGUMENT",
      `${detail ? "-V" : "-x"} goes with text output, not -T ${format === "jsonl" ? "jsonl/--json" : format}`,
    );
  if (on("quiet")) format = "none";
  const statistics: ReportSection[] = [];
  for (const z of list(raw, "statistics")) {
    const m = /^bip6,([a-z]+)$/.exec(z);
    if (m === null || !(REPORT_SECTIONS as readonly string[]).includes(m[1] as string)) {
      fail(
        "BAD_ARGUMENT",
        `-z wants bip6,SECTION with SECTION one of ${REPORT_SECTIONS.join(" ")}, got ${JSON.stringify(z)}`,
      );
    }
    statistics.push((m as RegExpExecArray)[1] as ReportSection);
  }
  if (on("summary")) statistics.push("summary");
  const writeFormat = last(raw, "writeFormat");
  if (writeFormat !== undefined && writeFormat !== "pcap" && writeFormat !== "pcapng") {
    fail("BAD_ARGUMENT", `-F wants pcap or pcapng, got ${JSON.stringify(writeFormat)}`);
  }
  if (writeFormat !== undefined && !raw.has("write")) fail("BAD_ARGUMENT", "-F goes with -w FILE");
  const listFields = last(raw, "listFields");
  if (listFields !== undefined && listFields !== "fields")
    fail("BAD_ARGUMENT", `-G wants "fields", got ${JSON.stringify(listFields)}`);

  const input = last(raw, "read");
  const iface = last(raw, "interface");
  const base = {
    input,
    interface: iface,
    captureFilter: last(raw, "captureFilter") ?? usePorts.map((p) => `udp port ${p}`).join(" or "),
    ports: usePorts,
    scopes: scopes.length > 0 ? [...new Set(scopes)] : [2],
    durationSeconds,
    count,
    displayFilter: last(raw, "displayFilter"),
    format,
    detail,
    hex,
    printSummary: on("print"),
    time: timeText as TimeFormat,
    fields:
      format === "fields" || fieldNames.length > 0 ? { fields: fieldNames, ...fieldOptions(eOptions) } : undefined,
    write: last(raw, "write"),
    writeFormat: writeFormat as "pcap" | "pcapng" | undefined,
    statistics,
  };
  if (on("help")) return { ...base, command: "help" };
  if (on("version")) return { ...base, command: "version" };
  if (listFields !== undefined) return { ...base, command: "list-fields" };
  if (on("listInterfaces")) return { ...base, command: "list-interfaces" };
  if (positionals.length > 1) fail("BAD_ARGUMENT", `unexpected argument ${JSON.stringify(positionals[1])}`);
  const command = positionals[0];
  if (command !== undefined && !(command in COMMANDS)) {
    fail(
      "BAD_ARGUMENT",
      `unexpected argument ${JSON.stringify(command)} (commands: ${Object.keys(COMMANDS).join(", ")})`,
    );
  }
  if (base.scopes.length > 0 && raw.has("scope") && command !== "listen")
    fail("BAD_ARGUMENT", "--scope goes with listen");
  if (command === "demo") {
    if (input !== undefined || iface !== undefined) fail("BAD_ARGUMENT", "demo sniffs its own network: drop -r / -i");
    if (raw.has("port")) fail("BAD_ARGUMENT", "demo picks free ports on ::1 itself: drop --port");
    // The demo ends in the summary (no findings) unless -z/--summary choose, or the output is for a program.
    const statistics = base.statistics.length === 0 && format === "text" ? (["summary"] as const) : base.statistics;
    return { ...base, statistics, command: "demo" };
  }
  if (command === "listen") {
    if (input !== undefined) fail("BAD_ARGUMENT", "listen takes what arrives on -i IFACE: drop -r");
    if (iface === undefined) fail("MISSING_INPUT", "listen needs -i IFACE: the interface whose BACnet groups to join");
    if (raw.has("captureFilter")) fail("BAD_ARGUMENT", "-f is for live capture (-i without listen)");
    return { ...base, command: "listen" };
  }
  if (input !== undefined && iface !== undefined) fail("BAD_ARGUMENT", "-r and -i both name an input: give one");
  if (iface !== undefined) return { ...base, command: "live" };
  if (raw.has("captureFilter")) fail("BAD_ARGUMENT", "-f is for live capture with -i");
  if (durationSeconds !== undefined) fail("BAD_ARGUMENT", "-a duration: is for live capture and listen");
  if (input === undefined)
    fail("MISSING_INPUT", "no capture given: use -r FILE, -r -, -i IFACE, listen -i IFACE or demo");
  return { ...base, command: "read" };
}
