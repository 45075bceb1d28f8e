import { Bip6Address, type Bvll6Frame, bytesToHex, decodeFrame, encodeFrame, hexToBytes } from "@bip6/bvll6-codec";
import { Bbmd, type BbmdConfig, type BbmdEvent, type BbmdOutput } from "../src/index.js";

/** The BBMD under test, VMAC 0x000001. Wire form fd000000000000000000000000000001 bac0. */
export const SELF = Bip6Address.parse("[fd00::1]:47808");
/** Peer BBMDs: fd00000b…0001 bac0 and fd00000c…0001 bac0. */
export const PEER_B = Bip6Address.parse("[fd00:b::1]:47808");
export const PEER_C = Bip6Address.parse("[fd00:c::1]:47808");
/** A node on the BBMD's own link, VMAC 1234 (0004d2). */
export const LOCAL = Bip6Address.parse("[fd00::a]:47808");
/** Foreign devices: FD1 VMAC 999 (0003e7) on port 47809, FD2 VMAC 5678 (00162e). */
export const FD1 = Bip6Address.parse("[fd00:1::f]:47809");
export const FD2 = Bip6Address.parse("[fd00:2::f]:47808");
/** A node behind PEER_B, VMAC 0x000042. */
export const REMOTE = Bip6Address.parse("[fd00:b::a]:47808");

/** Who-Is, the NPDU of every test: 01 20 ff ff 00 ff 10 08. */
export const NPDU = "0120ffff00ff1008";

/** A BBMD with VMAC 1 at SELF, BDT [SELF, PEER_B, PEER_C] (the own entry is skipped). */
export function bbmd(overrides: Partial<BbmdConfig> = {}): Bbmd {
  return new Bbmd({ vmac: 1, address: SELF, bdt: [SELF, PEER_B, PEER_C], ...overrides });
}

/** Decodes hex the way the transport would, so frames fed in are real wire frames. */
export function frame(hex: string): Bvll6Frame {
  return decodeFrame(hexToBytes(hex));
}

/** Register-Foreign-Device from `vmac` with `ttl` seconds, as a wire frame. */
export function registerFrame(vmac: number, ttl: number): Bvll6Frame {
  return frame(`82090009${vmac.toString(16).padStart(6, "0")}${ttl.toString(16).padStart(4, "0")}`);
}

/** Registers FD1 (VMAC 999) and FD2 (VMAC 5678) with TTL 60 at time `now`. */
export function withFds(b: Bbmd, now = 0): Bbmd {
  b.handle(registerFrame(999, 60), FD1, now, "unicast");
  b.handle(registerFrame(5678, 60), FD2, now, "unicast");
  return b;
}

/**
 * Every action in one line: `send <to> <hex>`, `multicast <hex>`,
 * `deliver <vmac> <source> <npdu hex>`, `event <type> <address>`.
 */
export function lines(out: BbmdOutput): string[] {
  return out.actions.map((a) => {
    switch (a.type) {
      case "send":
        return `send ${a.to.toString()} ${bytesToHex(encodeFrame(a.frame))}`;
      case "multicast":
        return `multicast ${bytesToHex(encodeFrame(a.frame))}`;
      case "deliver":
        return `deliver ${a.sourceVmac} ${a.source.toString()} ${bytesToHex(a.npdu)}`;
      case "event":
        return `event ${a.event.type} ${a.event.address.toString()}`;
    }
  });
}

/** Only the frames that go on the wire (sends and multicasts), as {@link lines}. */
export function wire(out: BbmdOutput): string[] {
  return lines(out).filter((l) => l.startsWith("send ") || l.startsWith("multicast "));
}

/** Every event reported. */
export function events(out: BbmdOutput): BbmdEvent[] {
  return out.actions.flatMap((a) => (a.type === "event" ? [a.event] : []));
}
