/**
 * A BACnet/IPv6 site as a stream of packets, for the bench's large captures and the tests of
 * realistic traffic: a BBMD and 40 devices on one link, a client doing discovery and reads,
 * and three foreign devices registered with the BBMD. Each cycle the client broadcasts Who-Is,
 * ten devices answer I-Am, the client reads their present-value (ReadProperty and its ACK),
 * and the BBMD relays the broadcasts to the foreign devices; every 20 cycles a foreign device
 * renews its registration, broadcasts through the BBMD, and the client resolves a VMAC. Clean
 * by construction: Annex U-conformant, so its analysis has no findings.
 */
import { Bip6Address, type Bvll6Frame, encodeFrame } from "@bip6/bvll6-codec";
import { ipv6UdpPacket } from "../../src/index.js";

/** One packet of the site: when (microseconds from the start) and the raw IPv6 octets. */
export interface SitePacket {
  readonly microseconds: number;
  readonly data: Uint8Array;
}

const DEVICES = 40;
const PER_CYCLE = 10;
const FOREIGN = 3;

const a = (text: string): Bip6Address => Bip6Address.parse(text);
const BBMD = a("[fd00:1::1]:47808");
const CLIENT = a("[fd00:1::2]:47808");
const GROUP = a("[ff02::bac0]:47808");
const device = (i: number): Bip6Address => a(`[fd00:1::${(0x100 + i).toString(16)}]:47808`);
const foreign = (j: number): Bip6Address => a(`[fd00:2::${j + 1}]:47809`);
const BBMD_VMAC = 1;
const CLIENT_VMAC = 2;
const deviceVmac = (i: number): number => 1000 + i;
const foreignVmac = (j: number): number => 3000 + j;

/** An object identifier's four octets: 10-bit type, 22-bit instance. */
function objectId(type: number, instance: number): number[] {
  const v = ((type << 22) | instance) >>> 0;
  return [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

/** Who-Is without a range: NPDU version 1, control 0; Unconfirmed-Request, service 8. */
export const WHO_IS_NPDU = Uint8Array.of(0x01, 0x00, 0x10, 0x08);

/** I-Am(device, max APDU 1476, no segmentation, vendor 7). */
export function iAmNpdu(instance: number): Uint8Array {
  return Uint8Array.of(
    0x01,
    0x00,
    0x10,
    0x00,
    0xc4,
    ...objectId(8, instance),
    0x22,
    0x05,
    0xc4,
    0x91,
    0x03,
    0x21,
    0x07,
  );
}

/** ReadProperty(analog-input, instance, present-value), confirmed, expecting a reply. */
export function readPropertyNpdu(invokeId: number, instance: number): Uint8Array {
  return Uint8Array.of(0x01, 0x04, 0x00, 0x05, invokeId, 0x0c, 0x0c, ...objectId(0, instance), 0x19, 0x55);
}

/** ReadProperty-ACK(analog-input, instance, present-value = value as REAL). */
export function readPropertyAckNpdu(invokeId: number, instance: number, value: number): Uint8Array {
  const real = new Uint8Array(4);
  new DataView(real.buffer).setFloat32(0, value);
  return Uint8Array.of(
    0x01,
    0x00,
    0x30,
    invokeId,
    0x0c,
    0x0c,
    ...objectId(0, instance),
    0x19,
    0x55,
    0x3e,
    0x44,
    ...real,
    0x3f,
  );
}

function packet(from: Bip6Address, to: Bip6Address, frame: Bvll6Frame): Uint8Array {
  return ipv6UdpPacket({
    sourceIp: from.ipOctets(),
    sourcePort: from.port,
    destinationIp: to.ipOctets(),
    destinationPort: to.port,
    payload: encodeFrame(frame),
    hopLimit: to.isMulticast ? 1 : 64,
  });
}

/** The datagrams of cycle `k`, in order. */
function cycle(k: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  out.push(packet(CLIENT, GROUP, { kind: "OriginalBroadcastNpdu", sourceVmac: CLIENT_VMAC, npdu: WHO_IS_NPDU }));
  for (let j = 0; j < FOREIGN; j++) {
    out.push(
      packet(BBMD, foreign(j), {
        kind: "ForwardedNpdu",
        originalSourceVmac: CLIENT_VMAC,
        originalSource: CLIENT,
        npdu: WHO_IS_NPDU,
      }),
    );
  }
  for (let n = 0; n < PER_CYCLE; n++) {
    const i = (k * PER_CYCLE + n) % DEVICES;
    const iAm = iAmNpdu(deviceVmac(i));
    out.push(packet(device(i), GROUP, { kind: "OriginalBroadcastNpdu", sourceVmac: deviceVmac(i), npdu: iAm }));
    out.push(
      packet(BBMD, foreign(n % FOREIGN), {
        kind: "ForwardedNpdu",
        originalSourceVmac: deviceVmac(i),
        originalSource: device(i),
        npdu: iAm,
      }),
    );
  }
  for (let n = 0; n < PER_CYCLE; n++) {
    const i = (k * PER_CYCLE + n) % DEVICES;
    const invoke = (k * PER_CYCLE + n) & 0xff;
    out.push(
      packet(CLIENT, device(i), {
        kind: "OriginalUnicastNpdu",
        sourceVmac: CLIENT_VMAC,
        destinationVmac: deviceVmac(i),
        npdu: readPropertyNpdu(invoke, i),
      }),
    );
    out.push(
      packet(device(i), CLIENT, {
        kind: "OriginalUnicastNpdu",
        sourceVmac: deviceVmac(i),
        destinationVmac: CLIENT_VMAC,
        npdu: readPropertyAckNpdu(invoke, i, 20 + ((k + i) % 50) / 4),
      }),
    );
  }
  if (k % 20 === 0) {
    const j = (k / 20) % FOREIGN;
    const fd = foreign(j);
    out.push(packet(fd, BBMD, { kind: "RegisterForeignDevice", sourceVmac: foreignVmac(j), timeToLive: 600 }));
    out.push(packet(BBMD, fd, { kind: "BvlcResult", sourceVmac: BBMD_VMAC, resultCode: 0 }));
    out.push(packet(fd, BBMD, { kind: "DistributeBroadcastToNetwork", sourceVmac: foreignVmac(j), npdu: WHO_IS_NPDU }));
    out.push(
      packet(BBMD, GROUP, {
        kind: "ForwardedNpdu",
        originalSourceVmac: foreignVmac(j),
        originalSource: fd,
        npdu: WHO_IS_NPDU,
      }),
    );
    const target = k % DEVICES;
    out.push(
      packet(CLIENT, GROUP, { kind: "AddressResolution", sourceVmac: CLIENT_VMAC, targetVmac: deviceVmac(target) }),
    );
    out.push(
      packet(device(target), CLIENT, {
        kind: "AddressResolutionAck",
        sourceVmac: deviceVmac(target),
        destinationVmac: CLIENT_VMAC,
      }),
    );
  }
  return out;
}

/**
 * The site's packets, 1 ms apart, for as long as the caller iterates. Cycles repeat every
 * 60 (their invoke ids, values and registrations), so their packets are built once.
 */
export function* sitePackets(): Generator<SitePacket> {
  const cache: Uint8Array[][] = [];
  let us = 0;
  for (let k = 0; ; k++) {
    const key = k % 60;
    cache[key] ??= cycle(key);
    for (const data of cache[key] as Uint8Array[]) {
      yield { microseconds: us, data };
      us += 1000;
    }
  }
}
