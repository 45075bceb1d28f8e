import type { Bip6Address, Vmac } from "@bip6/bvll6-codec";
import { randomVmac, VmacTable } from "@bip6/vmac-cache";
import type { CoreConfig } from "./config.js";
import { type Counters, newCounters } from "./counters.js";
import { HeldQueue } from "./held-queue.js";
import { Budget } from "./pending.js";
import { ProbeSchedule } from "./probe-schedule.js";
import { ResolutionQueue } from "./resolution-queue.js";
import type { Role } from "./role.js";

/**
 * The state every step of the core shares: configuration, counters, the VMAC table, the
 * queues of waiting calls, the probe and our VMAC. The steps (ingress, node rules, learning,
 * egress, resolution, probe, timers) are functions over it; `TransportCore` owns one and is
 * the only way in. One class with every field set in the constructor keeps one object shape.
 */
export class CoreContext {
  readonly config: CoreConfig;
  readonly counters: Counters = newCounters();
  /** VMAC → address, learned from every accepted frame. */
  readonly table: VmacTable;
  /** One cap on everything that waits. */
  readonly budget: Budget;
  /** Calls held while the VMAC is probed, or a foreign device's broadcasts before registration. */
  readonly held: HeldQueue;
  /** Sends waiting for an Address-Resolution, by VMAC. */
  readonly resolving: ResolutionQueue<Vmac, Vmac>;
  /** Sends and resolveVmac calls waiting for a Virtual-Address-Resolution, by address key. */
  readonly virtual: ResolutionQueue<string, Bip6Address>;
  /** The duplicate probe of a random VMAC (`undefined` for an instance or fixed VMAC). */
  readonly probe: ProbeSchedule | undefined;
  /** Node, BBMD or foreign device; set once by `TransportCore` right after construction. */
  role: Role = undefined as unknown as Role;
  /** Our VMAC (a random one may change after a collision). */
  vmac: Vmac;
  /** The VMAC is not settled yet (random: probing, or a foreign device waiting to register first). */
  probing: boolean;
  /** Latest time seen: time never runs backwards inside. */
  now = Number.NEGATIVE_INFINITY;
  started = false;
  closed = false;

  constructor(config: CoreConfig) {
    this.config = config;
    this.table = new VmacTable({ ...config.vmacTable, now: () => this.now });
    this.budget = new Budget(config.resolution.maxPending, config.resolution.maxPendingPerVmac);
    this.held = new HeldQueue(this.budget);
    this.resolving = new ResolutionQueue(this.budget, config.resolution.retry);
    this.virtual = new ResolutionQueue(this.budget, config.resolution.retry);
    const random = config.vmac.mode === "random";
    this.vmac = random ? randomVmac(config.random) : (config.vmac.value as Vmac);
    this.probing = random;
    this.probe = random ? new ProbeSchedule(config.probe.attempts, config.probe.intervalMs) : undefined;
  }
}
