import { Bip6Address, isVmac, MAX_TIME_TO_LIVE, type Vmac, describeValue } from "@bip6/bvll6-codec";
import { BbmdError } from "./errors.js";
import {
  DEFAULT_FAN_OUT_BUDGET,
  type FanOutBudgetPolicy,
  MAX_FAN_OUT_SOURCES_LIMIT,
  type ResolvedFanOutBudget,
} from "./fan-out-budget.js";

/** Configuration of a {@link Bbmd}. */
export interface BbmdConfig {
  /** The BBMD's own VMAC: source VMAC of its Results, ACKs and own broadcasts. */
  readonly vmac: Vmac;
  /**
   * The BBMD's own routable B/IPv6 address (the source of its datagrams). It is the original
   * source of its own broadcasts and the address peers know it by, so it must be reachable
   * from elsewhere: loopback, link-local, multicast, unspecified and port 0 are rejected.
   */
  readonly address: Bip6Address;
  /**
   * Peer BBMDs. The BBMD's own entry may be listed (a BDT is usually configured identically
   * on every member) and is skipped; a duplicate is an error.
   * @defaultValue `[]` (no peers)
   */
  readonly bdt?: readonly Bip6Address[];
  /**
   * Cap on BDT peers, 1–1024.
   * @defaultValue 128
   */
  readonly maxBdtEntries?: number;
  /**
   * Accept Register-Foreign-Device at all (else every one is answered 0x0090).
   * @defaultValue `true`
   */
  readonly acceptRegistrations?: boolean;
  /**
   * Cap on FDT entries, 1–65536. A new registrant beyond it gets 0x0090.
   * @defaultValue 512
   */
  readonly maxForeignDevices?: number;
  /**
   * Largest TTL granted, seconds, 1–65535. A registration asking for more is accepted with
   * this TTL (clamped, not refused).
   * @defaultValue 65535 (no clamp)
   */
  readonly maxTimeToLive?: number;
  /**
   * Emit `multicast` actions (relayed broadcasts re-multicast to the local link, the BBMD's own
   * broadcasts). Turn off for a BBMD alone on its link, e.g. one serving only foreign devices.
   * @defaultValue `true`
   */
  readonly multicastLocal?: boolean;
  /**
   * Accept loopback addresses (`::1`) as own address and BDT peers: for single-host demos and
   * tests only, since no other host can reach them.
   * @defaultValue `false`
   */
  readonly allowLoopback?: boolean;
  /**
   * Per-source fan-out budget (a token bucket per originating address, see
   * {@link FanOutBudgetPolicy}); missing fields take their defaults. `"off"`: no budget,
   * every valid input fans out.
   * @defaultValue {@link DEFAULT_FAN_OUT_BUDGET}
   */
  readonly fanOutBudget?: FanOutBudgetPolicy | "off";
}

/** The fixed part of a {@link BbmdConfig}, checked, with every default filled in. */
export interface ResolvedBbmdConfig {
  /** Own VMAC. */
  readonly vmac: Vmac;
  /** Own routable address. */
  readonly address: Bip6Address;
  /** Cap on BDT peers. */
  readonly maxBdtEntries: number;
  /** Cap on FDT entries. */
  readonly maxForeignDevices: number;
  /** Largest TTL granted, seconds. */
  readonly maxTimeToLive: number;
  /** Whether `multicast` actions are emitted. */
  readonly multicastLocal: boolean;
  /** Whether loopback addresses are allowed. */
  readonly allowLoopback: boolean;
  /** The per-source fan-out budget, or `"off"`. */
  readonly fanOutBudget: ResolvedFanOutBudget | "off";
}

/** Default cap on BDT peers. */
export const DEFAULT_MAX_BDT_ENTRIES = 128;

/** Largest accepted `maxBdtEntries`. */
export const MAX_BDT_ENTRIES_LIMIT = 1024;

/** Default cap on FDT entries. */
export const DEFAULT_MAX_FOREIGN_DEVICES = 512;

/** Largest accepted `maxForeignDevices`. */
export const MAX_FOREIGN_DEVICES_LIMIT = 65_536;

function option(message: string): BbmdError {
  return new BbmdError("INVALID_OPTION", message);
}

function intIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw option(`${name} must be an integer ${min}-${max}, got ${describeValue(value)}`);
  }
  return value;
}

function numberIn(value: unknown, name: string, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > max) {
    throw option(`${name} must be a number > 0 and ≤ ${max}, got ${describeValue(value)}`);
  }
  return value;
}

/** Checks a `fanOutBudget` option and fills in the defaults. Throws {@link BbmdError} `INVALID_OPTION`. */
export function resolveFanOutBudget(value: FanOutBudgetPolicy | "off" | undefined): ResolvedFanOutBudget | "off" {
  if (value === undefined) return DEFAULT_FAN_OUT_BUDGET;
  if (value === "off") return value;
  if (typeof value !== "object" || value === null) {
    throw option(`fanOutBudget must be an object or "off", got ${describeValue(value)}`);
  }
  const d = DEFAULT_FAN_OUT_BUDGET;
  const { perSourcePerSecond: rate, burst, maxSources } = value;
  return Object.freeze({
    perSourcePerSecond: numberIn(
      rate === undefined ? d.perSourcePerSecond : rate,
      "fanOutBudget.perSourcePerSecond",
      1e9,
    ),
    burst: intIn(burst === undefined ? d.burst : burst, "fanOutBudget.burst", 1, 1e9),
    maxSources: intIn(
      maxSources === undefined ? d.maxSources : maxSources,
      "fanOutBudget.maxSources",
      1,
      MAX_FAN_OUT_SOURCES_LIMIT,
    ),
  });
}

/** `value` if it is a boolean; else throws {@link BbmdError} `INVALID_OPTION` naming `name`. */
export function flag(value: unknown, name: string): boolean {
  if (typeof value !== "boolean") throw option(`${name} must be a boolean, got ${describeValue(value)}`);
  return value;
}

/**
 * Checks that `value` is an address other hosts can reach the BBMD (or a peer) at.
 * Throws {@link BbmdError} `INVALID_ADDRESS`.
 */
export function checkRoutable(value: unknown, name: string, allowLoopback: boolean): Bip6Address {
  if (!(value instanceof Bip6Address)) {
    throw new BbmdError("INVALID_ADDRESS", `${name} must be a Bip6Address, got ${describeValue(value)}`);
  }
  // These would end up as original-source addresses in Forwarded-NPDUs that other links
  // cannot answer (annex-u.md §4: "never a loopback or link-local address").
  const why = value.isMulticast
    ? "multicast"
    : value.isUnspecified
      ? "unspecified"
      : value.port === 0
        ? "port 0"
        : value.isLinkLocal
          ? "link-local"
          : value.isLoopback && !allowLoopback
            ? "loopback (set allowLoopback for single-host tests)"
            : undefined;
  if (why !== undefined) {
    throw new BbmdError(
      "INVALID_ADDRESS",
      `${name} must be a routable unicast address, got ${value.toString()} (${why})`,
    );
  }
  return value;
}

/** Checks the fixed options and fills in the defaults. Throws {@link BbmdError}. */
export function resolveConfig(config: BbmdConfig): ResolvedBbmdConfig {
  if (typeof config !== "object" || config === null) throw option("the configuration must be an object");
  if (!isVmac(config.vmac)) {
    throw new BbmdError("INVALID_VMAC", `vmac must be an integer 0-0xFFFFFF, got ${describeValue(config.vmac)}`);
  }
  // `undefined` means "default"; anything else, null included, must have the right type.
  const or = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  const allowLoopback = flag(or(config.allowLoopback, false), "allowLoopback");
  return Object.freeze({
    vmac: config.vmac,
    address: checkRoutable(config.address, "address", allowLoopback),
    maxBdtEntries: intIn(or(config.maxBdtEntries, DEFAULT_MAX_BDT_ENTRIES), "maxBdtEntries", 1, MAX_BDT_ENTRIES_LIMIT),
    maxForeignDevices: intIn(
      or(config.maxForeignDevices, DEFAULT_MAX_FOREIGN_DEVICES),
      "maxForeignDevices",
      1,
      MAX_FOREIGN_DEVICES_LIMIT,
    ),
    maxTimeToLive: intIn(or(config.maxTimeToLive, MAX_TIME_TO_LIVE), "maxTimeToLive", 1, MAX_TIME_TO_LIVE),
    multicastLocal: flag(or(config.multicastLocal, true), "multicastLocal"),
    allowLoopback,
    fanOutBudget: resolveFanOutBudget(config.fanOutBudget),
  });
}
