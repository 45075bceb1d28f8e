/**
 * The transport's options from the command line: `bip6` adds no protocol behaviour of its own.
 *
 * @module
 */
import { networkInterfaces } from "node:os";
import type { Bip6TransportOptions, Logger, RoleOption, VmacOption } from "@bip6/bip6-transport";
import type { Vmac } from "@bip6/bvll6-codec";
import type { RunOptions, VmacChoice } from "./parse.js";

/** Fills octets like `crypto.getRandomValues` (the transport's `random` option). */
export type RandomSource = (bytes: Uint8Array) => void;

/**
 * A random source whose first 3-octet draw (the first VMAC candidate) gives `first`
 * (`--first-random-vmac`); every other draw is `crypto.getRandomValues`.
 */
export function firstCandidateSource(first: Vmac): RandomSource {
  let used = false;
  return (bytes) => {
    crypto.getRandomValues(bytes);
    if (used || bytes.length !== 3) return;
    used = true;
    bytes[0] = (first >> 16) & 0x3f;
    bytes[1] = (first >> 8) & 0xff;
    bytes[2] = first & 0xff;
  };
}

/** Whether `name` is a loopback interface (`lo`): Linux delivers no IPv6 multicast there. */
export function isLoopbackInterface(name: string): boolean {
  const addresses = networkInterfaces()[name];
  return addresses !== undefined && addresses.length > 0 && addresses.every((a) => a.internal);
}

function vmacOption(choice: VmacChoice): VmacOption {
  switch (choice.kind) {
    case "instance":
      return { deviceInstance: choice.deviceInstance };
    case "fixed":
      return { vmac: choice.vmac };
    case "random":
      return { random: true };
  }
}

function roleOption(o: RunOptions, loopback: boolean): RoleOption {
  switch (o.role) {
    case "node":
      return { kind: "node" };
    case "bbmd":
      return {
        kind: "bbmd",
        bdt: o.bdt,
        acceptForeignDevices: o.acceptForeignDevices,
        ...(o.maxForeignDevices === undefined ? {} : { maxForeignDevices: o.maxForeignDevices }),
        ...(o.maxTtl === undefined ? {} : { maxTimeToLive: o.maxTtl }),
        ...(o.allowLoopback ? { allowLoopback: true } : {}),
        // A loopback interface has no multicast: the BBMD serves BDT peers and foreign devices only.
        ...(loopback ? { multicastLocal: false } : {}),
      };
    case "fd":
      return {
        kind: "foreign-device",
        bbmd: o.bbmd as string,
        ...(o.ttl === undefined ? {} : { timeToLive: o.ttl }),
      };
  }
}

/** The options of `Bip6Transport.open()` for this command line. */
export function transportOptions(o: RunOptions, logger: Logger | undefined): Bip6TransportOptions {
  const loopback = isLoopbackInterface(o.interface);
  return {
    interface: o.interface,
    ...(o.address === undefined ? {} : { address: o.address }),
    port: o.port,
    multicastScope: o.scope,
    ...(o.joinScopes === undefined ? {} : { joinScopes: o.joinScopes }),
    vmac: vmacOption(o.vmac),
    ...(o.vmac.kind === "random" && o.vmac.first !== undefined ? { random: firstCandidateSource(o.vmac.first) } : {}),
    role: roleOption(o, loopback),
    ...(logger === undefined ? {} : { logger }),
  };
}
