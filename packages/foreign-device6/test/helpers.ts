import { Bip6Address, type Bvll6Frame, bytesToHex, decodeFrame, encodeFrame, hexToBytes } from "@bip6/bvll6-codec";
import {
  type FdAction,
  type FdOutput,
  ForeignDevice,
  type ForeignDeviceConfig,
  type ForeignDeviceEvent,
} from "../src/index.js";

/** The BBMD of every test. */
export const BBMD = Bip6Address.parse("[fd00::1]:47808");
/** Our own address: the one of the Delete vector in annex-u.md §2. */
export const SELF = Bip6Address.parse("[fd00:1::f]:47809");
/** Some other node on the network. */
export const PEER = Bip6Address.parse("[fd00::99]:47808");

/** A foreign device with VMAC 999 and TTL 60 unless overridden. */
export function device(overrides: Partial<ForeignDeviceConfig> = {}): ForeignDevice {
  return new ForeignDevice({ vmac: 999, bbmd: BBMD, address: SELF, timeToLive: 60, ...overrides });
}

/** Decodes hex the way the transport would, so results fed in are real wire frames. */
export function frame(hex: string): Bvll6Frame {
  return decodeFrame(hexToBytes(hex));
}

/** BVLC-Result with the BBMD's VMAC 0x000001 and `code`. */
export function result(code: number): Bvll6Frame {
  return frame(`82000009000001${code.toString(16).padStart(4, "0")}`);
}

/** Every `send` action as `to` text plus the encoded frame in hex. */
export function sends(out: FdOutput): { to: string; hex: string }[] {
  return out.actions
    .filter((a): a is Extract<FdAction, { type: "send" }> => a.type === "send")
    .map((a) => ({ to: a.to.toString(), hex: bytesToHex(encodeFrame(a.frame)) }));
}

/** Hex of every frame sent (all sends go to the BBMD: checked). */
export function sentHex(out: FdOutput): string[] {
  return sends(out).map((s) => {
    if (s.to !== BBMD.toString()) throw new Error(`sent to ${s.to}, not the BBMD`);
    return s.hex;
  });
}

/** Every event reported. */
export function events(out: FdOutput): ForeignDeviceEvent[] {
  return out.actions.flatMap((a) => (a.type === "event" ? [a.event] : []));
}

/** Every state change as `from>to:reason`. */
export function transitions(out: FdOutput): string[] {
  return events(out).flatMap((e) => (e.type === "state" ? [`${e.from}>${e.to}:${e.reason}`] : []));
}

/** Register-Foreign-Device of VMAC 999 with TTL 60 (annex-u.md §2). */
export const REGISTER_999_TTL60 = "820900090003e7003c";

/** Starts `fd` at `t0` and confirms at `tAck`; returns the confirmation output. */
export function registered(fd: ForeignDevice, t0 = 0, tAck = t0): FdOutput {
  fd.start(t0);
  return fd.handle(result(0), BBMD, tAck);
}
