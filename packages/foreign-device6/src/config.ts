import { Bip6Address, isVmac, MAX_TIME_TO_LIVE, type Vmac, describeValue } from "@bip6/bvll6-codec";
import { ForeignDeviceError } from "./errors.js";

/** Capped exponential backoff between unanswered Register-Foreign-Device attempts. */
export interface RetryPolicy {
  /**
   * Delay after the first unanswered attempt, ms.
   * @defaultValue 1000
   */
  readonly initialMs?: number;
  /**
   * Largest delay between two attempts, ms.
   * @defaultValue 30000
   */
  readonly maxMs?: number;
  /**
   * Each further delay is the previous one times this (≥ 1).
   * @defaultValue 2
   */
  readonly factor?: number;
}

/** What {@link ForeignDevice.broadcast} does while the device is not registered. */
export type BeforeRegistrationPolicy =
  /** Keep the NPDU (bounded by `maxQueued`) and send it as Distribute-Broadcast once registered. */
  | "queue"
  /** Report a `broadcast-failed` action at once. */
  | "fail";

/** Configuration of a {@link ForeignDevice}. */
export interface ForeignDeviceConfig {
  /** Our own VMAC: the source VMAC of every frame we send. */
  readonly vmac: Vmac;
  /** The BBMD we register with. Only its exact 18 wire octets count as "the BBMD". */
  readonly bbmd: Bip6Address;
  /**
   * Our own routable B/IPv6 address as the BBMD sees it (the source address of our
   * datagrams). Needed because Delete-Foreign-Device-Table-Entry names the entry by it.
   */
  readonly address: Bip6Address;
  /** Time-to-live requested in Register-Foreign-Device, seconds, 1–65535. */
  readonly timeToLive: number;
  /** Backoff of unanswered registrations. */
  readonly retry?: RetryPolicy;
  /**
   * What broadcasts do while not registered.
   * @defaultValue `"queue"`
   */
  readonly beforeRegistration?: BeforeRegistrationPolicy;
  /**
   * Bound of the pre-registration broadcast queue, 1–65536. Overflow drops the oldest.
   * @defaultValue 32
   */
  readonly maxQueued?: number;
}

/** A {@link ForeignDeviceConfig} with every default filled in and every value checked. */
export interface ResolvedForeignDeviceConfig {
  /** Our own VMAC. */
  readonly vmac: Vmac;
  /** The BBMD. */
  readonly bbmd: Bip6Address;
  /** Our own address as the BBMD sees it. */
  readonly address: Bip6Address;
  /** Requested TTL, seconds. */
  readonly timeToLive: number;
  /** Backoff, all fields present. */
  readonly retry: Readonly<Required<RetryPolicy>>;
  /** Broadcast policy while not registered. */
  readonly beforeRegistration: BeforeRegistrationPolicy;
  /** Bound of the broadcast queue. */
  readonly maxQueued: number;
}

/** Default backoff: 1 s, 2 s, 4 s … capped at 30 s. */
export const DEFAULT_RETRY: Readonly<Required<RetryPolicy>> = Object.freeze({
  initialMs: 1000,
  maxMs: 30_000,
  factor: 2,
});

/** Default bound of the pre-registration broadcast queue. */
export const DEFAULT_MAX_QUEUED = 32;

/** Largest accepted `maxQueued`. */
export const MAX_QUEUED_LIMIT = 65_536;

function option(message: string): ForeignDeviceError {
  return new ForeignDeviceError("INVALID_OPTION", message);
}

function positiveFinite(value: unknown, name: string, min: number, exclusive: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || (exclusive ? value <= min : value < min)) {
    throw option(`${name} must be a finite number ${exclusive ? ">" : ">="} ${min}, got ${describeValue(value)}`);
  }
  return value;
}

function checkAddress(value: unknown, name: string): Bip6Address {
  if (!(value instanceof Bip6Address)) {
    throw new ForeignDeviceError("INVALID_ADDRESS", `${name} must be a Bip6Address, got ${describeValue(value)}`);
  }
  // Neither can stand for one node: a Register sent there would reach nobody (or everybody).
  if (value.isMulticast || value.isUnspecified || value.port === 0) {
    throw new ForeignDeviceError(
      "INVALID_ADDRESS",
      `${name} must be a unicast address with a non-zero port, got ${value.toString()}`,
    );
  }
  return value;
}

/** Checks a configuration and fills in the defaults. Throws {@link ForeignDeviceError}. */
export function resolveConfig(config: ForeignDeviceConfig): ResolvedForeignDeviceConfig {
  if (typeof config !== "object" || config === null) {
    throw option("the configuration must be an object");
  }
  if (!isVmac(config.vmac)) {
    throw new ForeignDeviceError(
      "INVALID_VMAC",
      `vmac must be an integer 0-0xFFFFFF, got ${describeValue(config.vmac)}`,
    );
  }
  const ttl = config.timeToLive;
  if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TIME_TO_LIVE) {
    throw new ForeignDeviceError(
      "INVALID_TTL",
      `timeToLive must be an integer number of seconds 1-${MAX_TIME_TO_LIVE}, got ${describeValue(ttl)}`,
    );
  }
  const bbmd = checkAddress(config.bbmd, "bbmd");
  const address = checkAddress(config.address, "address");
  if (bbmd.equals(address)) {
    throw new ForeignDeviceError("INVALID_ADDRESS", `address and bbmd are the same (${bbmd.toString()})`);
  }
  const r = config.retry ?? {};
  if (typeof r !== "object" || r === null) throw option("retry must be an object");
  const initialMs = positiveFinite(r.initialMs ?? DEFAULT_RETRY.initialMs, "retry.initialMs", 0, true);
  const maxMs = positiveFinite(r.maxMs ?? Math.max(DEFAULT_RETRY.maxMs, initialMs), "retry.maxMs", initialMs, false);
  const factor = positiveFinite(r.factor ?? DEFAULT_RETRY.factor, "retry.factor", 1, false);
  const beforeRegistration = config.beforeRegistration ?? "queue";
  if (beforeRegistration !== "queue" && beforeRegistration !== "fail") {
    throw option(`beforeRegistration must be "queue" or "fail", got ${describeValue(beforeRegistration)}`);
  }
  const maxQueued = config.maxQueued ?? DEFAULT_MAX_QUEUED;
  if (!Number.isInteger(maxQueued) || maxQueued < 1 || maxQueued > MAX_QUEUED_LIMIT) {
    throw option(
      `maxQueued must be an integer 1-${MAX_QUEUED_LIMIT} (use beforeRegistration: "fail" for no queue), got ${describeValue(maxQueued)}`,
    );
  }
  return Object.freeze({
    vmac: config.vmac,
    bbmd,
    address,
    timeToLive: ttl,
    retry: Object.freeze({ initialMs, maxMs, factor }),
    beforeRegistration,
    maxQueued,
  });
}
