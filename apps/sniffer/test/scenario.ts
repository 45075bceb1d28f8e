/**
 * Captures built from a list of datagrams (who sends what to whom, when), and the analysis of
 * a capture: the findings tests describe traffic as the wire would carry it.
 */
import { Bip6Address, type Bvll6Frame, encodeFrame, hexToBytes } from "@bip6/bvll6-codec";
import { Analyzer, type AnalysisReport, ipv6UdpPacket, pcapFile, readCapture, sniffOutput } from "../src/index.js";
import { chunked } from "./helpers.js";

/** One datagram on the wire: at `t` seconds, from → to, a frame or raw BVLL octets. */
export interface Step {
  readonly t: number;
  readonly from: string;
  readonly to: string;
  readonly frame: Bvll6Frame | Uint8Array;
}

/** A raw-IPv6 classic pcap of the steps. */
export function scenario(steps: readonly Step[]): Uint8Array {
  return pcapFile(
    steps.map((s) => {
      const f = Bip6Address.parse(s.from);
      const t = Bip6Address.parse(s.to);
      const us = Math.round(s.t * 1e6);
      return {
        seconds: 1_700_000_000 + Math.floor(us / 1e6),
        microseconds: us % 1e6,
        data: ipv6UdpPacket({
          sourceIp: f.ipOctets(),
          sourcePort: f.port,
          destinationIp: t.ipOctets(),
          destinationPort: t.port,
          payload: s.frame instanceof Uint8Array ? s.frame : encodeFrame(s.frame),
        }),
      };
    }),
  );
}

/** The analysis of a capture, and the findings each frame showed as it went by. */
export async function analyze(
  file: Uint8Array,
  ports: readonly number[] = [47808, 47809, 47810],
): Promise<{ report: AnalysisReport; perFrame: Map<number, string[]> }> {
  const analyzer = new Analyzer();
  const perFrame = new Map<number, string[]>();
  const chunks = sniffOutput(readCapture(chunked(file, 4096)), {
    ports,
    analyzer,
    format: "none",
    onShown: (f) => {
      if (f.findings.length > 0)
        perFrame.set(
          f.packet.number,
          f.findings.map((x) => x.code),
        );
    },
  });
  for await (const _ of chunks) {
    // format "none": nothing to print
  }
  return { report: analyzer.report(), perFrame };
}

/** Codes and frames of the findings of `steps`. */
export async function findingsOf(
  steps: readonly Step[],
): Promise<{ code: string; frames: readonly number[]; text: string }[]> {
  const { report } = await analyze(scenario(steps));
  return report.findings.map((f) => ({ code: f.code, frames: f.frames, text: f.text }));
}

/** The addresses of the scenarios: a BBMD and two devices on link 1, a foreign device, a peer BBMD. */
export const NET = {
  bbmd: "[fd00:1::1]:47808",
  a: "[fd00:1::2]:47808",
  c: "[fd00:1::3]:47808",
  fd: "[fd00:2::9]:47809",
  peer: "[fd00:3::1]:47808",
  remote: "[fd00:3::2]:47808",
  group: "[ff02::bac0]:47808",
} as const;

/** Who-Is as an NPDU. */
export const WHO_IS = Uint8Array.of(0x01, 0x00, 0x10, 0x08);

/**
 * The Python stack's BBMD as peers.md describes it (wrong NAK codes, its own VMAC in
 * Forwarded-NPDU, the address before the target VMAC), for the README's sample summary.
 */
export const PYTHON_BBMD_STEPS: readonly Step[] = [
  { t: 0, from: NET.fd, to: NET.bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 0 } },
  { t: 0.002, from: NET.bbmd, to: NET.fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x0050 } },
  { t: 1, from: NET.fd, to: NET.bbmd, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 } },
  { t: 1.002, from: NET.bbmd, to: NET.fd, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0 } },
  { t: 2, from: NET.a, to: NET.group, frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS } },
  {
    t: 2.001,
    from: NET.bbmd,
    to: NET.fd,
    frame: { kind: "ForwardedNpdu", originalSourceVmac: 100, originalSource: Bip6Address.parse(NET.a), npdu: WHO_IS },
  },
  {
    t: 3,
    from: NET.bbmd,
    to: NET.peer,
    frame: hexToBytes("8204001c0003e7fd000002000000000000000000000009bac1001e61"),
  },
];
