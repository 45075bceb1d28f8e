import type { DatagramPort } from "@bip6/bip6-socket/memory";
import { Bip6Address, isMulticastScope, isVmac, MAX_TIME_TO_LIVE } from "@bip6/bvll6-codec";
import { vmacFromDeviceInstance } from "@bip6/vmac-cache";
import { type Clock, systemClock } from "./clock.js";
import type { CoreConfig, CoreRoleConfig } from "./core/config.js";
import { Bip6TransportError } from "./errors.js";
import { type Logger, silentLogger } from "./logger.js";
import type { Bip6TransportOptions } from "./options.js";

/** Defaults of the options, in one place (the README's tables quote them). */
export const DEFAULTS = Object.freeze({
  port: 47808,
  multicastScope: 2,
  joinScopes: Object.freeze([2, 5]) as readonly number[],
  probeAttempts: 3,
  probeIntervalMs: 300,
  maxPending: 256,
  maxPendingPerVmac: 16,
  timeoutMs: 5000,
  retry: Object.freeze({ initialMs: 500, factor: 2, maxMs: 2000 }),
  maxBuffered: 1024,
  timeToLive: 300,
});

/** The shell's settings besides the core's. */
export interface ShellSettings {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxBuffered: number;
  readonly signal: AbortSignal | undefined;
}

function invalid(message: string): Bip6TransportError {
  return new Bip6TransportError("INVALID_OPTION", message);
}

function int(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be an integer ${min}-${max}, got ${String(value)}`);
  }
  return value;
}

function num(value: unknown, name: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw invalid(`${name} must be a finite number >= ${min}, got ${String(value)}`);
  }
  return value;
}

function object<T>(value: T | undefined, name: string): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null) throw invalid(`${name} must be an object`);
  return value;
}

function address(value: unknown, name: string): Bip6Address {
  if (value instanceof Bip6Address) return value;
  if (typeof value === "string") {
    try {
      return Bip6Address.parse(value);
    } catch (e) {
      throw new Bip6TransportError("INVALID_OPTION", `${name}: ${(e as Error).message}`, { cause: e });
    }
  }
  throw invalid(`${name} must be a Bip6Address or "[ipv6]:port" text, got ${String(value)}`);
}

/** Throws unless `value` is a multicast scope (the codec's rule: 1–14, since 0 and 15 are reserved). */
function checkScope(value: unknown, name: string): void {
  if (!isMulticastScope(value)) throw invalid(`${name} must be an integer 1-14, got ${String(value)}`);
}

/** Checks a scope list (each 1–14). */
export function checkScopes(value: unknown, name: string): readonly number[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(`${name} must be a non-empty array of scopes 1-14`);
  for (const s of value) checkScope(s, `${name}[]`);
  return Object.freeze([...new Set(value as number[])]);
}

/** Checks the options that do not depend on the port. Throws {@link Bip6TransportError} `INVALID_OPTION`. */
export function checkOptions(options: Bip6TransportOptions): ShellSettings {
  if (typeof options !== "object" || options === null) throw invalid("options must be an object");
  const clock = options.clock ?? systemClock;
  if (
    typeof clock.now !== "function" ||
    typeof clock.setTimeout !== "function" ||
    typeof clock.clearTimeout !== "function"
  ) {
    throw invalid("clock must have now(), setTimeout() and clearTimeout()");
  }
  const logger = options.logger ?? silentLogger;
  for (const m of ["debug", "info", "warn", "error"] as const) {
    if (typeof logger[m] !== "function") throw invalid(`logger.${m} must be a function`);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    throw invalid("signal must be an AbortSignal");
  if (options.ownsPort !== undefined && typeof options.ownsPort !== "boolean")
    throw invalid("ownsPort must be a boolean");
  if (options.random !== undefined && typeof options.random !== "function") throw invalid("random must be a function");
  if (options.multicastScope !== undefined) checkScope(options.multicastScope, "multicastScope");
  if (options.joinScopes !== undefined) checkScopes(options.joinScopes, "joinScopes");
  int(options.port, "port", 0, 0xffff, DEFAULTS.port);
  return {
    clock,
    logger,
    maxBuffered: int(options.maxBuffered, "maxBuffered", 1, 1 << 24, DEFAULTS.maxBuffered),
    signal: options.signal,
  };
}

/**
 * Builds the core's configuration from the options and the open port: the VMAC mode, the role
 * (with the port's address as the BBMD's or foreign device's own), limits with defaults.
 */
export function coreConfig(options: Bip6TransportOptions, port: DatagramPort): CoreConfig {
  const local = port.localAddress;
  const vmacOption = object(options.vmac, "vmac") as Record<string, unknown>;
  let vmac: CoreConfig["vmac"];
  if ("deviceInstance" in vmacOption) {
    try {
      vmac = { mode: "instance", value: vmacFromDeviceInstance(vmacOption.deviceInstance as number) };
    } catch (e) {
      throw new Bip6TransportError("INVALID_OPTION", `vmac.deviceInstance: ${(e as Error).message}`, { cause: e });
    }
  } else if ("vmac" in vmacOption) {
    if (!isVmac(vmacOption.vmac))
      throw invalid(`vmac.vmac must be an integer 0-0xFFFFFF, got ${String(vmacOption.vmac)}`);
    vmac = { mode: "fixed", value: vmacOption.vmac };
  } else if (options.vmac === undefined || vmacOption.random === true) {
    vmac = { mode: "random", value: undefined };
  } else {
    throw invalid("vmac must be { deviceInstance }, { vmac } or { random: true }");
  }
  const probe = object(options.probe, "probe");
  const resolution = object(options.resolution, "resolution");
  const retry = object(resolution.retry, "resolution.retry");
  const initialMs = num(retry.initialMs, "resolution.retry.initialMs", 1, DEFAULTS.retry.initialMs);
  const table = object(options.vmacTable, "vmacTable");
  return {
    vmac,
    random: options.random,
    probe: {
      attempts: int(probe.attempts, "probe.attempts", 1, 10, DEFAULTS.probeAttempts),
      intervalMs: int(probe.intervalMs, "probe.intervalMs", 1, 60_000, DEFAULTS.probeIntervalMs),
    },
    role: roleConfig(options, local, port.multicastAvailable),
    resolution: {
      maxPending: int(resolution.maxPending, "resolution.maxPending", 1, 1 << 20, DEFAULTS.maxPending),
      maxPendingPerVmac: int(
        resolution.maxPendingPerVmac,
        "resolution.maxPendingPerVmac",
        1,
        1 << 20,
        DEFAULTS.maxPendingPerVmac,
      ),
      timeoutMs: num(resolution.timeoutMs, "resolution.timeoutMs", 1, DEFAULTS.timeoutMs),
      retry: {
        initialMs,
        factor: num(retry.factor, "resolution.retry.factor", 1, DEFAULTS.retry.factor),
        maxMs: num(retry.maxMs, "resolution.retry.maxMs", initialMs, Math.max(initialMs, DEFAULTS.retry.maxMs)),
      },
    },
    vmacTable: table,
    localAddress: local,
    localAddresses: port.localAddresses,
    multicastAvailable: port.multicastAvailable,
  };
}

function roleConfig(options: Bip6TransportOptions, local: Bip6Address, multicastAvailable: boolean): CoreRoleConfig {
  const role = options.role ?? { kind: "node" as const };
  if (typeof role !== "object" || role === null) throw invalid("role must be an object with a kind");
  switch (role.kind) {
    case "node":
      return { kind: "node" };
    case "bbmd": {
      const { kind: _kind, bdt, acceptForeignDevices, ...policy } = role;
      if (acceptForeignDevices !== undefined && typeof acceptForeignDevices !== "boolean") {
        throw invalid("role.acceptForeignDevices must be a boolean");
      }
      if (bdt !== undefined && !Array.isArray(bdt)) throw invalid("role.bdt must be an array of addresses");
      if (policy.multicastLocal !== false && !multicastAvailable) {
        throw new Bip6TransportError(
          "NO_MULTICAST",
          "this port cannot multicast (loopback): a BBMD here needs role.multicastLocal: false (and allowLoopback: true on ::1)",
        );
      }
      return {
        kind: "bbmd",
        bbmd: {
          ...policy,
          address: local,
          bdt: (bdt ?? []).map((a, i) => address(a, `role.bdt[${i}]`)),
          ...(acceptForeignDevices === undefined ? {} : { acceptRegistrations: acceptForeignDevices }),
        },
      };
    }
    case "foreign-device": {
      const { kind: _kind, bbmd, timeToLive, beforeRegistration, ...rest } = role;
      if (beforeRegistration !== undefined && beforeRegistration !== "queue" && beforeRegistration !== "fail") {
        throw invalid(`role.beforeRegistration must be "queue" or "fail", got ${String(beforeRegistration)}`);
      }
      return {
        kind: "foreign-device",
        foreignDevice: {
          ...rest,
          bbmd: address(bbmd, "role.bbmd"),
          address: local,
          timeToLive: int(timeToLive, "role.timeToLive", 1, MAX_TIME_TO_LIVE, DEFAULTS.timeToLive),
        },
        beforeRegistration: beforeRegistration ?? "queue",
      };
    }
    default:
      throw invalid(
        `role.kind must be "node", "bbmd" or "foreign-device", got ${String((role as { kind: unknown }).kind)}`,
      );
  }
}
