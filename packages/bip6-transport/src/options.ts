import type { BbmdConfig } from "@bip6/bbmd6";
import type { DatagramPort } from "@bip6/bip6-socket/memory";
import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";
import type { ForeignDeviceConfig } from "@bip6/foreign-device6";
import type { RandomSource, VmacTableOptions } from "@bip6/vmac-cache";
import type { Clock } from "./clock.js";
import type { Logger } from "./logger.js";

/**
 * Which VMAC the transport uses (annex-u.md §1, H.7.2):
 * - `{ deviceInstance }`: the device instance itself (0–4194303). Collisions are reported, never resolved by changing it.
 * - `{ vmac }`: exactly this VMAC (0–0xFFFFFF), e.g. one kept from an earlier run. Reported like an instance VMAC.
 * - `{ random: true }` or omitted: random in 0x400000–0x7FFFFF, probed first (nobody may answer an
 *   Address-Resolution for it), re-picked and re-probed when somebody does, then or later.
 */
export type VmacOption = { readonly deviceInstance: number } | { readonly vmac: Vmac } | { readonly random: true };

/** Timing of the duplicate probe of a random VMAC (H.7.2). */
export interface ProbeOptions {
  /**
   * Address-Resolutions sent for the candidate, 1–10.
   * @defaultValue 3
   */
  readonly attempts?: number;
  /**
   * Time between them, and after the last one before the VMAC is taken, ms (1–60000).
   * @defaultValue 300
   */
  readonly intervalMs?: number;
}

/** Retry backoff of address resolution: `initialMs × factor^(n-1)`, capped at `maxMs`. */
export interface ResolutionRetryOptions {
  /** @defaultValue 500 */
  readonly initialMs?: number;
  /** @defaultValue 2 */
  readonly factor?: number;
  /** @defaultValue 2000 */
  readonly maxMs?: number;
}

/** Bounds of everything that waits on the network: address resolution, VMAC probing, registration. */
export interface ResolutionOptions {
  /**
   * Sends and resolutions waiting at once, in total (queued for Address-Resolution,
   * Virtual-Address-Resolution, the VMAC probe or a foreign device's registration). One more is
   * rejected with `QUEUE_FULL`.
   * @defaultValue 256
   */
  readonly maxPending?: number;
  /**
   * Of those, waiting for one destination (VMAC or address).
   * @defaultValue 16
   */
  readonly maxPendingPerVmac?: number;
  /**
   * Deadline of each waiting send or resolution, from the call, ms: then it rejects
   * (`RESOLUTION_TIMEOUT`, `NOT_REGISTERED` or `NOT_READY`).
   * @defaultValue 5000
   */
  readonly timeoutMs?: number;
  /** Backoff between unanswered (Virtual-)Address-Resolutions. */
  readonly retry?: ResolutionRetryOptions;
}

/** An ordinary node: multicast broadcasts, the node rules of annex-u.md §3. */
export interface NodeRoleOption {
  /** Discriminant. */
  readonly kind: "node";
}

/**
 * A BBMD (annex-u.md §4) on this port's address: its own node plus the BDT/FDT rules of
 * `@bip6/bbmd6`. Every policy option of `BbmdConfig` passes through (`maxForeignDevices`,
 * `maxTimeToLive`, `maxBdtEntries`, `multicastLocal`, `allowLoopback`, …); its `vmac` and
 * `address` are the transport's. On `::1` (no multicast) set `allowLoopback: true` and
 * `multicastLocal: false`.
 */
export type BbmdRoleOption = {
  /** Discriminant. */
  readonly kind: "bbmd";
  /** Peer BBMDs (`Bip6Address` or `"[ipv6]:port"` text); our own entry may be listed and is skipped. */
  readonly bdt?: readonly (Bip6Address | string)[];
  /**
   * Accept Register-Foreign-Device (else every one is answered 0x0090).
   * @defaultValue true
   */
  readonly acceptForeignDevices?: boolean;
} & Omit<BbmdConfig, "vmac" | "address" | "bdt" | "acceptRegistrations">;

/**
 * A foreign device (annex-u.md §5) registered with `bbmd`: registration and renewal of
 * `@bip6/foreign-device6` (its `retry` policy passes through), broadcasts as
 * Distribute-Broadcast-To-Network, Address-Resolution through the BBMD.
 */
export type ForeignDeviceRoleOption = {
  /** Discriminant. */
  readonly kind: "foreign-device";
  /** The BBMD (`Bip6Address` or `"[ipv6]:port"` text). */
  readonly bbmd: Bip6Address | string;
  /**
   * Time-to-live asked for, seconds (1–65535).
   * @defaultValue 300
   */
  readonly timeToLive?: number;
  /**
   * Broadcasts while not registered: `"queue"` them (bounded by `resolution.maxPending`, each
   * until `resolution.timeoutMs`, then `NOT_REGISTERED`) or `"fail"` at once with `NOT_REGISTERED`.
   * @defaultValue "queue"
   */
  readonly beforeRegistration?: "queue" | "fail";
} & Omit<ForeignDeviceConfig, "vmac" | "bbmd" | "address" | "timeToLive" | "beforeRegistration" | "maxQueued">;

/** What the transport is besides a node. */
export type RoleOption = NodeRoleOption | BbmdRoleOption | ForeignDeviceRoleOption;

/** Sizes of the VMAC table (`@bip6/vmac-cache`); its clock is always the transport's. */
export type TransportVmacTableOptions = Omit<VmacTableOptions, "now">;

/**
 * Options of `Bip6Transport.open()`: the transport's settings (VMAC, role, limits) and its
 * components (port, clock, logger, random source), which tests replace.
 */
export interface Bip6TransportOptions {
  /**
   * Interface to open a socket on (`eth0`, `lo`): used by `@bip6/bip6-transport/node` when no
   * `datagramPort` is given. Required there.
   */
  readonly interface?: string;
  /** Which of the interface's addresses to bind (when it has several). Node opener only. */
  readonly address?: string;
  /**
   * UDP port; 0 picks a free one. Node opener only.
   * @defaultValue 47808
   */
  readonly port?: number;
  /**
   * Scope of the group FF0X::BAC0 broadcasts are sent to (2 = ff02, link-local). Node opener only.
   * @defaultValue 2
   */
  readonly multicastScope?: number;
  /**
   * Scopes of the groups to receive on, besides `multicastScope`: other stacks differ
   * (the C stack sends to ff05 by default, YABE to ff0e: add 14). Node opener only; passed to
   * the socket once it can join several groups.
   * @defaultValue [2, 5]
   */
  readonly joinScopes?: readonly number[];
  /** The VMAC: device instance, fixed, or random with the H.7.2 probe (the default). */
  readonly vmac?: VmacOption;
  /** Probe timing for a random VMAC. */
  readonly probe?: ProbeOptions;
  /**
   * Node, BBMD or foreign device.
   * @defaultValue `{ kind: "node" }`
   */
  readonly role?: RoleOption;
  /** Bounds and deadlines of address resolution and of every send that waits. */
  readonly resolution?: ResolutionOptions;
  /** VMAC table sizes (capacity, TTL, pins). */
  readonly vmacTable?: TransportVmacTableOptions;
  /**
   * Default bound of each `messages()` iterator's buffer; beyond it received NPDUs are dropped
   * for that iterator (and counted).
   * @defaultValue 1024
   */
  readonly maxBuffered?: number;
  /** Where the transport logs (pino-compatible). Default: silent. */
  readonly logger?: Logger;
  /** Aborts `open()`; aborting later closes the transport. */
  readonly signal?: AbortSignal;
  /**
   * An open port to use (e.g. `MemoryNetwork.createPort()`), instead of opening a socket.
   * Required by the main entry; `/node` opens a `NodeDatagramPort` when it is absent.
   */
  readonly datagramPort?: DatagramPort;
  /**
   * Whether `close()` closes the port. Default: true for a port the transport opened itself,
   * false for an injected `datagramPort` (the caller opened it, the caller closes it).
   */
  readonly ownsPort?: boolean;
  /** Time and timers. Default: `performance.now()` and the global timers. */
  readonly clock?: Clock;
  /** Random octets for a random VMAC. Default: `crypto.getRandomValues`. */
  readonly random?: RandomSource;
}
