import type { BbmdConfig } from "@bip6/bbmd6";
import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";
import type { ForeignDeviceConfig } from "@bip6/foreign-device6";
import type { RandomSource, VmacTableOptions } from "@bip6/vmac-cache";
import type { Backoff } from "./backoff.js";

/** The role, checked, with the port's address filled in. */
export type CoreRoleConfig =
  | { readonly kind: "node" }
  | { readonly kind: "bbmd"; readonly bbmd: Omit<BbmdConfig, "vmac"> }
  | {
      readonly kind: "foreign-device";
      readonly foreignDevice: Omit<ForeignDeviceConfig, "vmac" | "beforeRegistration" | "maxQueued">;
      readonly beforeRegistration: "queue" | "fail";
    };

/** Everything the core needs, checked and complete (built by the shell from the options and the port). */
export interface CoreConfig {
  /** `instance` / `fixed`: `value` is the VMAC; `random`: picked (and probed) by the core. */
  readonly vmac: { readonly mode: "instance" | "fixed" | "random"; readonly value: Vmac | undefined };
  /** Random octets for random VMACs (`undefined`: Web Crypto). */
  readonly random: RandomSource | undefined;
  /** Probe timing. */
  readonly probe: { readonly attempts: number; readonly intervalMs: number };
  /** The role. */
  readonly role: CoreRoleConfig;
  /** Bounds of waiting calls. */
  readonly resolution: {
    readonly maxPending: number;
    readonly maxPendingPerVmac: number;
    readonly timeoutMs: number;
    readonly retry: Backoff;
  };
  /** VMAC table sizes. */
  readonly vmacTable: Omit<VmacTableOptions, "now">;
  /** The port's unicast address. */
  readonly localAddress: Bip6Address;
  /** Every address of the port's interface with its port: datagrams from them are our own. */
  readonly localAddresses: readonly Bip6Address[];
  /** Whether the port can multicast. */
  readonly multicastAvailable: boolean;
}
