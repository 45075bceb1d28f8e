/**
 * The command line, parsed against the flag table into {@link CliOptions}. Every mistake is a
 * {@link UsageError} whose message is one line naming the flag and what it wants.
 *
 * @module
 */
import { isVmac, parseVmac, RANDOM_VMAC_MIN, type Vmac } from "@bip6/bvll6-codec";
import { type Destination, parseDestination } from "./destination.js";
import { UsageError, type UsageErrorCode } from "./errors.js";
import { COMMANDS, FLAGS, type FlagSpec, type Role } from "./flags.js";
import { LOG_LEVELS, type LogLevel } from "./stderr-logger.js";
import { parseNpduHex } from "./npdu-hex.js";

/** Which VMAC the transport takes. */
export type VmacChoice =
  | { readonly kind: "instance"; readonly deviceInstance: number }
  | { readonly kind: "fixed"; readonly vmac: Vmac }
  | { readonly kind: "random"; readonly first?: Vmac };

/** One `--send` with its `--to`. */
export interface SendSpec {
  /** The NPDU. */
  readonly npdu: Uint8Array;
  /** Where it goes. */
  readonly to: Destination;
}

/** A command line that runs a transport. */
export interface RunOptions {
  /** Discriminant. */
  readonly command: "run";
  /** Node, BBMD or foreign device. */
  readonly role: Role;
  /** `--interface`. */
  readonly interface: string;
  /** `--address`. */
  readonly address: string | undefined;
  /** `--port`. */
  readonly port: number;
  /** `--scope`. */
  readonly scope: number;
  /** `--join-scope`, every value in order (undefined: the transport's default). */
  readonly joinScopes: readonly number[] | undefined;
  /** `--device-instance`, `--vmac`, `--first-random-vmac` or the default random VMAC. */
  readonly vmac: VmacChoice;
  /** `--bdt`. */
  readonly bdt: readonly string[];
  /** `--accept-foreign-devices`. */
  readonly acceptForeignDevices: boolean;
  /** `--max-foreign-devices`. */
  readonly maxForeignDevices: number | undefined;
  /** `--max-ttl`. */
  readonly maxTtl: number | undefined;
  /** `--allow-loopback`. */
  readonly allowLoopback: boolean;
  /** `--bbmd`. */
  readonly bbmd: string | undefined;
  /** `--ttl`. */
  readonly ttl: number | undefined;
  /** `--send` / `--to` pairs. */
  readonly sends: readonly SendSpec[];
  /** `--send-every`, ms. */
  readonly sendEveryMs: number | undefined;
  /** `--seconds`. */
  readonly seconds: number | undefined;
  /** `--stdin`. */
  readonly stdin: boolean;
  /** `--log`. */
  readonly log: LogLevel | undefined;
}

/** What the command line asks for. */
export type CliOptions = RunOptions | { readonly command: "help" } | { readonly command: "version" };

const BY_LONG = new Map(FLAGS.map((f) => [f.long, f]));
const BY_SHORT = new Map(FLAGS.filter((f) => f.short !== undefined).map((f) => [f.short as string, f]));

const fail = (code: UsageErrorCode, message: string): never => {
  throw new UsageError(code, message);
};

/** The name a user typed a flag by, for messages. */
const shown = (f: FlagSpec): string => `--${f.long}`;

/** Raw flags: switches as `true`, values in order. */
type Raw = Map<string, string[] | true>;

function scan(argv: readonly string[]): { raw: Raw; positionals: string[] } {
  const raw: Raw = new Map();
  const positionals: string[] = [];
  const put = (f: FlagSpec, value: string | undefined, typed: string): void => {
    if (f.arg === undefined) {
      if (value !== undefined) fail("MISSING_VALUE", `${typed} takes no value (got ${JSON.stringify(value)})`);
      raw.set(f.key, true);
      return;
    }
    if (value === undefined) fail("MISSING_VALUE", `${typed} needs a value: ${typed} ${f.arg}`);
    const previous = raw.get(f.key);
    if (f.repeat !== true && previous !== undefined) fail("BAD_COMBINATION", `${typed} is given twice`);
    const list = Array.isArray(previous) ? previous : [];
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
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      const f = BY_LONG.get(name);
      if (f === undefined) fail("UNKNOWN_FLAG", `unknown flag --${name} (bip6 --help lists them)`);
      const flag = f as FlagSpec;
      if (eq !== -1) put(flag, a.slice(eq + 1), `--${name}`);
      else if (flag.arg === undefined) put(flag, undefined, `--${name}`);
      else put(flag, i + 1 < argv.length ? argv[++i] : undefined, `--${name}`);
      continue;
    }
    if (a.length > 1 && a.startsWith("-") && !/^-\d/.test(a)) {
      const f = BY_SHORT.get(a.slice(1, 2));
      if (f === undefined) fail("UNKNOWN_FLAG", `unknown flag ${a.slice(0, 2)} (bip6 --help lists them)`);
      const flag = f as FlagSpec;
      const inline = a.length > 2 ? a.slice(2) : undefined;
      if (flag.arg === undefined) put(flag, inline, `-${flag.short}`);
      else put(flag, inline ?? (i + 1 < argv.length ? argv[++i] : undefined), `-${flag.short}`);
      continue;
    }
    positionals.push(a);
  }
  return { raw, positionals };
}

function one(raw: Raw, key: string): string | undefined {
  const v = raw.get(key);
  return Array.isArray(v) ? v[0] : undefined;
}

function all(raw: Raw, key: string): string[] {
  const v = raw.get(key);
  return Array.isArray(v) ? v : [];
}

function flagOf(key: string): FlagSpec {
  return FLAGS.find((f) => f.key === key) as FlagSpec;
}

/** An integer flag in [min, max]. */
function integer(raw: Raw, key: string, min: number, max: number): number | undefined {
  const text = one(raw, key);
  if (text === undefined) return undefined;
  const f = flagOf(key);
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    fail("BAD_VALUE", `${shown(f)} must be an integer ${min}-${max}, got ${JSON.stringify(text)}`);
  }
  return n;
}

function scopeList(raw: Raw): number[] | undefined {
  const texts = all(raw, "joinScope");
  if (texts.length === 0) return undefined;
  const scopes: number[] = [];
  for (const text of texts) {
    for (const part of text.split(",")) {
      const n = /^\d+$/.test(part.trim()) ? Number(part.trim()) : Number.NaN;
      if (!Number.isInteger(n) || n < 1 || n > 14) {
        fail("BAD_VALUE", `--join-scope takes scopes 1-14 (e.g. 2,5), got ${JSON.stringify(text)}`);
      }
      if (!scopes.includes(n)) scopes.push(n);
    }
  }
  return scopes;
}

function vmacText(raw: Raw, key: string): Vmac | undefined {
  const text = one(raw, key);
  if (text === undefined) return undefined;
  let v: Vmac;
  try {
    v = parseVmac(text);
  } catch {
    return fail("BAD_VALUE", `${shown(flagOf(key))} must be six hex digits (e.g. 0004d2), got ${JSON.stringify(text)}`);
  }
  if (!isVmac(v)) fail("BAD_VALUE", `${shown(flagOf(key))} is out of range: ${JSON.stringify(text)}`);
  return v;
}

function vmacChoice(raw: Raw): VmacChoice {
  const given = ["deviceInstance", "vmac", "firstRandomVmac"].filter((k) => raw.has(k));
  if (given.length > 1) {
    fail("BAD_COMBINATION", `${given.map((k) => shown(flagOf(k))).join(" and ")} exclude each other: give one`);
  }
  const instance = integer(raw, "deviceInstance", 0, 4194303);
  if (instance !== undefined) return { kind: "instance", deviceInstance: instance };
  const fixed = vmacText(raw, "vmac");
  if (fixed !== undefined) return { kind: "fixed", vmac: fixed };
  const first = vmacText(raw, "firstRandomVmac");
  if (first !== undefined) {
    if (first < RANDOM_VMAC_MIN || first > 0x7fffff) {
      fail(
        "BAD_VALUE",
        `--first-random-vmac must be a random-range VMAC 400000-7fffff, got ${one(raw, "firstRandomVmac")}`,
      );
    }
    return { kind: "random", first };
  }
  return { kind: "random" };
}

/** `--seconds`: a positive number (fractions allowed), at most about 24 days (the timer's range). */
function seconds(raw: Raw): number | undefined {
  const text = one(raw, "seconds");
  if (text === undefined) return undefined;
  const n = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(n > 0) || n * 1000 > 0x7fffffff) {
    fail("BAD_VALUE", `--seconds must be a number of seconds > 0 (at most 2147483), got ${JSON.stringify(text)}`);
  }
  return n;
}

function sends(raw: Raw): SendSpec[] {
  const npdus = all(raw, "send");
  const tos = all(raw, "to");
  if (npdus.length === 0) {
    if (tos.length > 0) fail("BAD_COMBINATION", "--to without --send: give the NPDU to send with --send HEX");
    return [];
  }
  if (tos.length === 0) fail("BAD_COMBINATION", "--send needs --to: a VMAC, [ipv6]:port or broadcast");
  if (tos.length !== 1 && tos.length !== npdus.length) {
    fail(
      "BAD_COMBINATION",
      `${npdus.length} --send and ${tos.length} --to: give one --to for all of them, or one per --send`,
    );
  }
  return npdus.map((hex, i) => {
    const npdu = parseNpduHex(hex);
    if (!(npdu instanceof Uint8Array)) return fail("BAD_VALUE", `--send: ${npdu.error}`);
    const to = parseDestination(tos.length === 1 ? (tos[0] as string) : (tos[i] as string));
    if ("error" in to) return fail("BAD_VALUE", `--to: ${to.error}`);
    return { npdu, to };
  });
}

/** Parses `argv` (without `node` and the script). Throws {@link UsageError}. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const { raw, positionals } = scan(argv);
  if (raw.has("help")) return { command: "help" };
  if (raw.has("version")) return { command: "version" };
  const [command, ...extra] = positionals;
  if (command === undefined) {
    return fail("UNKNOWN_COMMAND", "no command: bip6 node|bbmd|fd --interface IFACE … (bip6 --help for more)");
  }
  const role = COMMANDS.find((c) => c.name === command)?.name;
  if (role === undefined) {
    return fail("UNKNOWN_COMMAND", `unknown command ${JSON.stringify(command)}: use node, bbmd or fd`);
  }
  if (extra.length > 0) fail("UNKNOWN_COMMAND", `unexpected argument ${JSON.stringify(extra[0])} after ${role}`);
  for (const key of raw.keys()) {
    const f = flagOf(key);
    if (f.roles !== undefined && !f.roles.includes(role)) {
      fail("UNKNOWN_FLAG", `${shown(f)} is for bip6 ${f.roles.join("/")}, not bip6 ${role}`);
    }
  }
  const iface = one(raw, "interface");
  if (iface === undefined || iface.length === 0) {
    fail("BAD_COMBINATION", "--interface is required (e.g. --interface eth0, or --interface lo for ::1)");
  }
  const bbmd = one(raw, "bbmd");
  if (role === "fd" && bbmd === undefined) fail("BAD_COMBINATION", "bip6 fd needs --bbmd [ipv6]:port");
  for (const key of ["bbmd", "bdt"] as const) {
    for (const text of all(raw, key)) {
      const d = parseDestination(text);
      if (!("kind" in d) || d.kind !== "address") {
        fail("BAD_VALUE", `--${key} must be a B/IPv6 address like [fd00::1]:47808, got ${JSON.stringify(text)}`);
      }
    }
  }
  const log = one(raw, "log");
  if (log !== undefined && !(LOG_LEVELS as readonly string[]).includes(log)) {
    fail("BAD_VALUE", `--log must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(log)}`);
  }
  const list = sends(raw);
  const sendEveryMs = integer(raw, "sendEvery", 1, 0x7fffffff);
  if (sendEveryMs !== undefined && list.length === 0) {
    fail("BAD_COMBINATION", "--send-every repeats the --send NPDUs: give at least one --send");
  }
  return {
    command: "run",
    role,
    interface: iface as string,
    address: one(raw, "address"),
    port: integer(raw, "port", 0, 65535) ?? 47808,
    scope: integer(raw, "scope", 1, 14) ?? 2,
    joinScopes: scopeList(raw),
    vmac: vmacChoice(raw),
    bdt: all(raw, "bdt"),
    acceptForeignDevices: raw.has("acceptForeignDevices"),
    maxForeignDevices: integer(raw, "maxForeignDevices", 1, 65536),
    maxTtl: integer(raw, "maxTtl", 1, 65535),
    allowLoopback: raw.has("allowLoopback"),
    bbmd,
    ttl: integer(raw, "ttl", 1, 65535),
    sends: list,
    sendEveryMs,
    seconds: seconds(raw),
    stdin: raw.has("stdin"),
    log: log as LogLevel | undefined,
  };
}
