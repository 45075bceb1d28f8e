/**
 * The whole field tree of a frame, for `-V`, `-T json` and the browser decoder page: the
 * sniffer's own layers (from {@link OWN_FIELDS}), the decoder's bacnet/bacapp layers, and a
 * bip6 layer with the decode error, the decoder's problems and the analysis' findings.
 *
 * @module
 */
import type { FrameContext } from "../frame-context.js";
import { LinkType } from "../pcap/link-types.js";
import type { DecodedField } from "./field.js";
import { OWN_FIELDS, type OwnLayer } from "./own.js";

const LAYER_ORDER: readonly OwnLayer[] = ["frame", "eth", "vlan", "sll", "null", "ipv6", "udp", "bvlc"];

function layerLabel(layer: OwnLayer, c: FrameContext, fields: readonly DecodedField[]): string {
  const v = (name: string): string => String(fields.find((f) => f.name === name)?.value ?? "");
  switch (layer) {
    case "frame":
      return (
        `Frame ${c.packet.number}: ${c.packet.originalLength} bytes on wire (${c.packet.originalLength * 8} bits), ` +
        `${c.packet.data.length} bytes captured (${c.packet.data.length * 8} bits)`
      );
    case "eth":
      return `Ethernet II, Src: ${v("eth.src")}, Dst: ${v("eth.dst")}`;
    case "vlan":
      return `802.1Q Virtual LAN, ID: ${v("vlan.id")}`;
    case "sll":
      return c.packet.linkType === LinkType.LinuxSll2 ? "Linux cooked capture v2" : "Linux cooked capture v1";
    case "null":
      return "Null/Loopback";
    case "ipv6":
      return `Internet Protocol Version 6, Src: ${v("ipv6.src")}, Dst: ${v("ipv6.dst")}`;
    case "udp":
      return `User Datagram Protocol, Src Port: ${v("udp.srcport")}, Dst Port: ${v("udp.dstport")}`;
    case "bvlc":
      return "BACnet Virtual Link Control";
  }
}

/** Where a layer's octets start and how many it covers. */
function layerSpan(layer: OwnLayer, c: FrameContext): [number, number] {
  switch (layer) {
    case "frame":
      return [0, c.packet.data.length];
    case "ipv6":
      return [c.ipAt, c.payloadStart - 8 - c.ipAt];
    case "udp":
      return [c.payloadStart - 8, 8];
    case "bvlc": {
      const npdu = c.npduStart;
      return [c.payloadStart, (npdu < 0 ? c.payloadEnd : npdu) - c.payloadStart];
    }
    default:
      return [0, c.ipAt];
  }
}

/** The sniffer's own layers of the frame: frame, link layer, ipv6, udp, bvlc. */
export function ownLayers(c: FrameContext): DecodedField[] {
  const byLayer = new Map<OwnLayer, DecodedField[]>();
  for (const f of OWN_FIELDS) {
    const value = f.value(c);
    if (value === undefined) continue;
    let list = byLayer.get(f.layer);
    if (list === undefined) byLayer.set(f.layer, (list = []));
    list.push({ name: f.name, label: f.label(c, value), value, offset: f.offset(c), length: f.length });
  }
  const out: DecodedField[] = [];
  for (const layer of LAYER_ORDER) {
    const children = byLayer.get(layer);
    if (children === undefined) continue;
    const [offset, length] = layerSpan(layer, c);
    out.push({ name: layer, label: layerLabel(layer, c, children), value: "", offset, length, children });
  }
  return out;
}

/** The bip6 layer: decode error, decoder problems, findings; `undefined` when there is nothing to say. */
export function bip6Layer(c: FrameContext): DecodedField | undefined {
  const children: DecodedField[] = [];
  const start = c.payloadStart;
  if (!c.decodable) {
    const error = c.record().error;
    if (error !== undefined) {
      children.push({
        name: "bip6.error",
        label: `[Malformed ${error.code}: ${error.message}]`,
        value: error.code,
        offset: start,
        length: c.payloadEnd - start,
      });
    }
  }
  for (const p of c.npdu()?.problems ?? []) {
    children.push({
      name: "bip6.problem",
      label: `[${p.code}: ${p.message}]`,
      value: p.code,
      offset: p.offset,
      length: 0,
    });
  }
  for (const f of c.findings) {
    children.push({
      name: "bip6.finding",
      label: `[Finding ${f.code}: ${f.text}]`,
      value: f.code,
      offset: start,
      length: 0,
    });
  }
  if (children.length === 0) return undefined;
  return { name: "bip6", label: "BACnet/IPv6 analysis (bip6-sniff)", value: "", offset: start, length: 0, children };
}

/** Every layer of the frame, in packet order, then the bip6 layer when it has something to say. */
export function dissect(c: FrameContext): DecodedField[] {
  const layers = ownLayers(c);
  layers.push(...c.npduFields());
  const bip6 = bip6Layer(c);
  if (bip6 !== undefined) layers.push(bip6);
  return layers;
}
