import { Bip6Address, type Bvll6Frame, encodeFrame, hexToBytes } from "@bip6/bvll6-codec";
import { ipv6UdpPacket } from "./packet/build.js";
import { LinkType } from "./pcap/link-types.js";
import { pcapFile } from "./pcap/writer.js";

/** One datagram of the demo: who sent it to whom, and the frame. */
export interface DemoDatagram {
  readonly from: Bip6Address;
  readonly to: Bip6Address;
  readonly frame: Bvll6Frame;
}

const a = (text: string): Bip6Address => Bip6Address.parse(text);
/** Device 1234 and device 5678 on the BBMD's link; a foreign device 999 on another network. */
const DEVICE_A = a("[fd00::2]:47808");
const DEVICE_B = a("[fd00::3]:47808");
const BBMD = a("[fd00::1]:47808");
const PEER_BBMD = a("[fd00:3::1]:47808");
const FOREIGN = a("[fd00:2::9]:47809");
const GROUP = a("[ff02::bac0]:47808");
const WHO_IS = hexToBytes("01001008");
/** ReadProperty(device 5678, object-name), confirmed, invoke id 5. */
const READ_PROPERTY = hexToBytes("0104 0005 050c 0c02 00162e 194d");

/**
 * The demo's traffic: one frame of every function 0x00–0x0C, in an order that tells a small
 * story (resolution on the link, a foreign device registering, broadcasting and leaving).
 */
export function demoDatagrams(): DemoDatagram[] {
  return [
    { from: DEVICE_A, to: DEVICE_B, frame: { kind: "VirtualAddressResolution", sourceVmac: 1234 } },
    {
      from: DEVICE_B,
      to: DEVICE_A,
      frame: { kind: "VirtualAddressResolutionAck", sourceVmac: 5678, destinationVmac: 1234 },
    },
    { from: DEVICE_A, to: GROUP, frame: { kind: "AddressResolution", sourceVmac: 1234, targetVmac: 5678 } },
    { from: DEVICE_B, to: DEVICE_A, frame: { kind: "AddressResolutionAck", sourceVmac: 5678, destinationVmac: 1234 } },
    {
      from: DEVICE_A,
      to: DEVICE_B,
      frame: { kind: "OriginalUnicastNpdu", sourceVmac: 1234, destinationVmac: 5678, npdu: READ_PROPERTY },
    },
    { from: DEVICE_A, to: GROUP, frame: { kind: "OriginalBroadcastNpdu", sourceVmac: 1234, npdu: WHO_IS } },
    {
      from: BBMD,
      to: PEER_BBMD,
      frame: {
        kind: "ForwardedAddressResolution",
        originalSourceVmac: 1234,
        targetVmac: 4321,
        originalSource: DEVICE_A,
      },
    },
    { from: FOREIGN, to: BBMD, frame: { kind: "RegisterForeignDevice", sourceVmac: 999, timeToLive: 60 } },
    { from: BBMD, to: FOREIGN, frame: { kind: "BvlcResult", sourceVmac: 100, resultCode: 0x0000 } },
    { from: FOREIGN, to: BBMD, frame: { kind: "DistributeBroadcastToNetwork", sourceVmac: 999, npdu: WHO_IS } },
    {
      from: BBMD,
      to: GROUP,
      frame: { kind: "ForwardedNpdu", originalSourceVmac: 999, originalSource: FOREIGN, npdu: WHO_IS },
    },
    { from: FOREIGN, to: BBMD, frame: { kind: "SecureBvll", payload: hexToBytes("00000000") } },
    { from: FOREIGN, to: BBMD, frame: { kind: "DeleteForeignDeviceTableEntry", sourceVmac: 999, entry: FOREIGN } },
  ];
}

/** First demo timestamp (2023-11-14T22:13:20Z); fixed so the demo prints the same every time. */
export const DEMO_START_SECONDS = 1_700_000_000;

/** The raw IPv6/UDP packet of one demo datagram, with a correct UDP checksum. */
export function demoPacket(d: DemoDatagram): Uint8Array {
  return ipv6UdpPacket({
    sourceIp: d.from.ipOctets(),
    sourcePort: d.from.port,
    destinationIp: d.to.ipOctets(),
    destinationPort: d.to.port,
    payload: encodeFrame(d.frame),
    hopLimit: d.to.isMulticast ? 1 : 64,
  });
}

/**
 * The demo capture: a classic pcap (raw IPv6, link type 229) in memory, one packet per
 * {@link demoDatagrams} entry ({@link demoPacket}), 1.5 ms apart.
 */
export function demoCapture(): Uint8Array {
  return pcapFile(
    demoDatagrams().map((d, i) => {
      const us = i * 1500;
      return { seconds: DEMO_START_SECONDS + Math.floor(us / 1e6), microseconds: us % 1e6, data: demoPacket(d) };
    }),
    LinkType.Ipv6,
  );
}
