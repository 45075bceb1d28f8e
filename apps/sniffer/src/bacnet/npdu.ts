import { NETWORK_MESSAGES, networkRejectLabel, networkRejectName } from "./names.js";
import type { NetworkMessage, NpduAddress, NpduInfo, RoutingTablePort } from "./types.js";
import { hexOf } from "./values.js";
import { type FieldNode, LazyNode, leafNode } from "./tree.js";
import { bitPicture, type Walk } from "./walk.js";

/** The control bits with tshark's field names and texts (clause 6.2.2). */
const CONTROL_BITS: readonly (readonly [number, string, string, string, string])[] = [
  [
    0x80,
    "bacnet.control_net",
    "NSDU contains",
    "network layer message, message type field present.",
    "BACnet APDU, message type field absent.",
  ],
  [0x40, "bacnet.control_res1", "Reserved", "Shall be zero, but is one.", "Shall be zero and is zero."],
  [
    0x20,
    "bacnet.control_dest",
    "Destination Specifier",
    "DNET, DLEN and Hop Count present. If DLEN=0: broadcast, dest. address field absent.",
    "DNET, DLEN, DADR and Hop Count absent.",
  ],
  [0x10, "bacnet.control_res2", "Reserved", "Shall be zero, but is one.", "Shall be zero and is zero."],
  [
    0x08,
    "bacnet.control_src",
    "Source specifier",
    "SNET, SLEN and SADR present, SLEN=0 invalid, SLEN specifies length of SADR",
    "SNET, SLEN and SADR absent",
  ],
  [
    0x04,
    "bacnet.control_expect",
    "Expecting Reply",
    "BACnet-Confirmed-Request-PDU, a segment of BACnet-ComplexACK-PDU or Network Message expecting a reply present.",
    "Other than a BACnet-Confirmed-Request-PDU, segment of BACnet-ComplexACK-PDU or network layer message expecting a reply present.",
  ],
  [
    0x02,
    "bacnet.control_prio_high",
    "Priority",
    "Life Safety or Critical Equipment message.",
    "Not a Life Safety or Critical Equipment message.",
  ],
  [0x01, "bacnet.control_prio_low", "Priority", "Urgent message", "Normal message"],
];

/** The control field's label and its bits' labels, by control octet. */
const CONTROL_LABELS: (string[] | undefined)[] = [];

function controlLabels(control: number): string[] {
  let names = "";
  for (const [mask, , title] of CONTROL_BITS) if ((control & mask) !== 0) names += `, ${title}`;
  const out = [`Control: ${hex2(control)}${names}`];
  for (const [mask, , title, set, clear] of CONTROL_BITS)
    out.push(`${bitPicture(control, mask)} = ${title}: ${(control & mask) !== 0 ? set : clear}`);
  return out;
}

/** `bacnet.control` with its eight bit fields, built when read. */
class ControlNode extends LazyNode {
  readonly #labels: string[];

  constructor(control: number, offset: number) {
    const labels = (CONTROL_LABELS[control] ??= controlLabels(control));
    super("bacnet.control", labels[0] as string, control, offset, 1);
    this.#labels = labels;
  }

  protected build(): FieldNode[] {
    const control = this.value as number;
    let i = 1;
    return CONTROL_BITS.map(([mask, name]) =>
      leafNode(name, this.#labels[i++] as string, (control & mask) !== 0, this.offset, 1),
    );
  }
}

/** Network message types whose data is a list of DNETs, and their kinds. */
const NETWORK_LIST_KINDS = {
  1: "i-am-router-to-network",
  4: "router-busy-to-network",
  5: "router-available-to-network",
} as const;

type MutableNpduInfo = { -readonly [K in keyof NpduInfo]: NpduInfo[K] };

/** Reused on the summary path, which builds no objects per NPDU. */
const SCRATCH_INFO: MutableNpduInfo = {
  version: 0,
  control: 0,
  isNetworkMessage: false,
  expectingReply: false,
  priority: 0,
};

/** What the header walk learnt, for {@link NpduInfo}. */
export interface NpduHeader {
  info: NpduInfo;
  /** Where the APDU starts, or -1 (network message, or the header is broken). */
  apdu: number;
}

/** Placeholder for message fields on the summary path, where no message object is built. */
const BASE = { type: 0, name: "" };

const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, "0")}`;

/** DADR/SADR field name by length, as tshark chooses (6 = Ethernet, 1 = MS/TP, other = bytes). */
function addressField(prefix: "dadr" | "sadr", length: number): string {
  return length === 6 ? `bacnet.${prefix}_eth` : length === 1 ? `bacnet.${prefix}_mstp` : `bacnet.${prefix}_tmp`;
}

function macLabel(prefix: "dadr" | "sadr", b: Uint8Array, from: number, length: number): string {
  if (length === 1) return `${prefix === "dadr" ? "DADR" : "SADR"}: ${b[from] as number}`;
  const h = hexOf(b, from, from + length);
  if (length === 6)
    return `${prefix === "dadr" ? "Destination ISO 8802-3 MAC Address" : "SADR"}: ${h.replace(/(..)(?=.)/g, "$1:")}`;
  return `Unknown ${prefix === "dadr" ? "Destination" : "Source"} MAC: ${h}`;
}

/**
 * Walks the NPDU header (version, control, DNET/DLEN/DADR, SNET/SLEN/SADR, hop count,
 * message type, vendor id) and, for a network layer message, the message. Writes the summary
 * of a network message; for an APDU returns where it starts.
 */
export function walkNpdu(w: Walk): NpduHeader {
  const b = w.b;
  const tree = w.tree;
  const start = w.pos;
  const node = tree?.open("bacnet", "Building Automation and Control Network NPDU", "", start) ?? null;
  const info: MutableNpduInfo = !w.structured
    ? SCRATCH_INFO
    : { version: 0, control: 0, isNetworkMessage: false, expectingReply: false, priority: 0 };
  // (On the summary path `info` is a scratch object nobody reads: stale fields do not matter.)
  if (w.left < 2) {
    w.problem("TRUNCATED", start, `an NPDU needs at least 2 octets (version, control), got ${w.left}`);
    return done(w, node, start, info, -1);
  }
  const version = b[w.pos] as number;
  info.version = version;
  tree?.leaf(
    "bacnet.version",
    w.labels ? `Version: ${hex2(version)}${version === 1 ? " (ASHRAE 135-1995)" : ""}` : "",
    version,
    w.pos,
    1,
  );
  if (version !== 1) w.problem("UNSUPPORTED_VERSION", w.pos, `NPDU version ${version} (only 1 is defined)`);
  w.pos++;
  const control = b[w.pos] as number;
  info.control = control;
  info.isNetworkMessage = (control & 0x80) !== 0;
  info.expectingReply = (control & 0x04) !== 0;
  info.priority = control & 0x03;
  if (tree !== null) {
    if (w.labels) tree.add(new ControlNode(control, w.pos));
    else {
      tree.open("bacnet.control", "", control, w.pos, 1);
      for (const [mask, name] of CONTROL_BITS) tree.leaf(name, "", (control & mask) !== 0, w.pos, 1);
      tree.close();
    }
  }
  if ((control & 0x50) !== 0) w.problem("RESERVED_BITS", w.pos, `NPDU control ${hex2(control)} has reserved bits set`);
  w.pos++;
  let dnetPresent = false;
  if ((control & 0x20) !== 0) {
    const network = address(w, "dadr", info);
    if (network < 0) return done(w, node, start, info, -1);
    w.facts.destinationNetwork = network;
    dnetPresent = true;
  }
  if ((control & 0x08) !== 0) {
    const network = address(w, "sadr", info);
    if (network < 0) return done(w, node, start, info, -1);
    w.facts.sourceNetwork = network;
  }
  if (dnetPresent) {
    if (w.left < 1) {
      w.problem("TRUNCATED", w.pos, "the NPDU ends before the hop count");
      return done(w, node, start, info, -1);
    }
    info.hopCount = b[w.pos] as number;
    tree?.leaf("bacnet.hopc", w.labels ? `Hop Count: ${info.hopCount}` : "", info.hopCount, w.pos, 1);
    w.pos++;
  }
  if (!info.isNetworkMessage) {
    info.apduOffset = w.pos;
    return done(w, node, start, info, w.pos);
  }
  info.message = networkMessage(w);
  if (w.pos < w.end) {
    w.problem("TRAILING_OCTETS", w.pos, `${w.end - w.pos} octets after the network layer message`);
    tree?.leaf(
      "bip6.bacnet.trailing",
      w.labels ? `Trailing octets: ${hexOf(b, w.pos, w.end)}` : "",
      hexOf(b, w.pos, w.end),
      w.pos,
      w.end - w.pos,
    );
  }
  return done(w, node, start, info, -1);
}

/** Ends the header walk: closes the `bacnet` node (its length up to the APDU or the end). */
function done(w: Walk, node: FieldNode | null, start: number, info: MutableNpduInfo, apdu: number): NpduHeader {
  const end = apdu >= 0 ? apdu : w.end;
  if (node !== null) {
    w.tree?.closeTo(node, end);
    node.length = end - start;
  }
  header.info = info;
  header.apdu = apdu;
  return header;
}

/** The result record of {@link walkNpdu}, reused (the walk is not re-entrant). */
const header: NpduHeader = { info: SCRATCH_INFO, apdu: -1 };

/** DNET/DLEN/DADR or SNET/SLEN/SADR into `info` (tree path); the network number, or -1 when cut short. */
function address(w: Walk, prefix: "dadr" | "sadr", info: MutableNpduInfo): number {
  const b = w.b;
  const tree = w.tree;
  const dest = prefix === "dadr";
  if (w.left < 3) {
    w.problem("TRUNCATED", w.pos, `the NPDU ends inside ${dest ? "DNET/DLEN" : "SNET/SLEN"}`);
    return -1;
  }
  const network = ((b[w.pos] as number) << 8) | (b[w.pos + 1] as number);
  const length = b[w.pos + 2] as number;
  tree?.leaf(
    dest ? "bacnet.dnet" : "bacnet.snet",
    w.labels ? `${dest ? "Destination" : "Source"} Network Address: ${network}` : "",
    network,
    w.pos,
    2,
  );
  tree?.leaf(
    dest ? "bacnet.dlen" : "bacnet.slen",
    w.labels
      ? `${dest ? "Destination" : "Source"} MAC Layer Address Length: ${length}${dest && length === 0 ? " indicates Broadcast on Destination Network" : ""}`
      : "",
    length,
    w.pos + 2,
    1,
  );
  if (!dest && length === 0) w.problem("BAD_ADDRESS", w.pos + 2, "SLEN 0 (a source address cannot be a broadcast)");
  if (!dest && network === 0xffff)
    w.problem("BAD_ADDRESS", w.pos, "SNET 0xFFFF (a source network cannot be global broadcast)");
  w.pos += 3;
  if (w.left < length) {
    w.problem("TRUNCATED", w.pos, `${dest ? "DLEN" : "SLEN"} ${length}, but ${w.left} octets remain`);
    return -1;
  }
  if (length > 0 && tree !== null) {
    const value = hexOf(b, w.pos, w.pos + length);
    tree.leaf(
      addressField(prefix, length),
      w.labels ? macLabel(prefix, b, w.pos, length) : "",
      length === 1 ? (b[w.pos] as number) : value,
      w.pos,
      length,
    );
  }
  if (w.structured) {
    const where: NpduAddress = { network, address: hexOf(b, w.pos, w.pos + length) };
    if (dest) info.destination = where;
    else info.source = where;
  }
  w.pos += length;
  return network;
}

/** Reads a 2-octet network number field (`bacnet.dnet`), or records a truncation. */
function dnet(w: Walk): number | undefined {
  if (w.left < 2) {
    w.problem("TRUNCATED", w.pos, "the network layer message ends inside a network number");
    w.pos = w.end;
    return undefined;
  }
  const n = ((w.b[w.pos] as number) << 8) | (w.b[w.pos + 1] as number);
  w.tree?.leaf("bacnet.dnet", w.labels ? `Destination Network Address: ${n}` : "", n, w.pos, 2);
  w.pos += 2;
  return n;
}

/** One octet field of a network layer message labelled `title: value`, or a truncation. */
function octet(w: Walk, name: string, title: string, hex = false): number | undefined {
  if (w.left < 1) {
    w.problem("TRUNCATED", w.pos, "the network layer message ends early");
    return undefined;
  }
  const v = w.b[w.pos] as number;
  if (w.tree !== null) {
    const text = !w.labels ? "" : name === "bacnet.rejectreason" ? networkRejectLabel(v) : hex ? hex2(v) : String(v);
    w.tree.leaf(name, w.labels ? `${title}: ${text}` : "", v, w.pos, 1);
  }
  w.pos++;
  return v;
}

/** The network layer message (clause 6.4), with its summary. */
function networkMessage(w: Walk): NetworkMessage | undefined {
  const b = w.b;
  const s = w.sum;
  const tree = w.tree;
  if (w.left < 1) {
    w.problem("TRUNCATED", w.pos, "the NPDU ends before the network layer message type");
    return undefined;
  }
  const type = b[w.pos] as number;
  w.facts.networkMessage = type;
  const proprietary = type >= 0x80;
  const name = proprietary ? `proprietary-network-message(${hex2(type)})` : NETWORK_MESSAGES.name(type);
  if (tree !== null) {
    const shown = !w.labels
      ? ""
      : proprietary
        ? "Vendor Proprietary Message"
        : (NETWORK_MESSAGES.tshark(type) ?? NETWORK_MESSAGES.known(type) ?? "Reserved for Use by ASHRAE");
    tree.leaf("bacnet.mesgtyp", w.labels ? `Network Layer Message Type: ${shown} (${hex2(type)})` : "", type, w.pos, 1);
  }
  s.ascii(proprietary ? "Proprietary-Network-Message" : name);
  w.pos++;
  const base = !w.structured ? BASE : { type, name };
  switch (type) {
    case 0x00: {
      if (w.left === 0) return !w.structured ? undefined : { ...base, kind: "who-is-router-to-network" };
      const network = dnet(w);
      if (network !== undefined) {
        s.space();
        s.uint(network);
      }
      return !w.structured ? undefined : { ...base, kind: "who-is-router-to-network", network };
    }
    case 0x01:
    case 0x04:
    case 0x05: {
      const networks: number[] = [];
      let first = true;
      while (w.left > 0) {
        const n = dnet(w);
        if (n === undefined) break;
        if (w.structured) networks.push(n);
        if (first) s.space();
        else s.char(0x2c);
        s.uint(n);
        first = false;
      }
      return !w.structured ? undefined : { ...base, kind: NETWORK_LIST_KINDS[type], networks };
    }
    case 0x02: {
      const network = dnet(w);
      const performanceIndex = octet(w, "bacnet.perf", "Performance Index");
      if (network !== undefined) {
        s.space();
        s.uint(network);
      }
      if (performanceIndex !== undefined) {
        s.ascii(" perf ");
        s.uint(performanceIndex);
      }
      return !w.structured
        ? undefined
        : {
            ...base,
            kind: "i-could-be-router-to-network",
            network: network ?? 0,
            performanceIndex: performanceIndex ?? 0,
          };
    }
    case 0x03: {
      const reason = octet(w, "bacnet.rejectreason", "Reject Reason");
      const network = dnet(w);
      if (reason !== undefined) {
        s.space();
        s.ascii(networkRejectName(reason));
      }
      if (network !== undefined) {
        s.space();
        s.uint(network);
      }
      return {
        ...base,
        kind: "reject-message-to-network",
        reason: reason ?? 0,
        reasonName: networkRejectName(reason ?? 0),
        network: network ?? 0,
      };
    }
    case 0x06:
    case 0x07: {
      const count = octet(w, "bacnet.rportnum", "Number of Port Mappings");
      const ports: RoutingTablePort[] = [];
      let count_ = 0;
      for (let i = 0; count !== undefined && i < count; i++) {
        const network = dnet(w);
        const portId = octet(w, "bacnet.portid", "Port ID", true);
        const infoLength = octet(w, "bacnet.pinfolen", "Port Info Length");
        if (network === undefined || portId === undefined || infoLength === undefined) break;
        if (w.left < infoLength) {
          w.problem("TRUNCATED", w.pos, `port info of ${infoLength} octets, ${w.left} remain`);
          w.pos = w.end;
          break;
        }
        const portInfo = hexOf(b, w.pos, w.pos + infoLength);
        tree?.leaf(
          "bacnet.pinfo",
          w.labels ? `Port Inf: ${infoLength === 0 ? "<MISSING>" : portInfo}` : "",
          portInfo,
          w.pos,
          infoLength,
        );
        w.pos += infoLength;
        if (w.structured) ports.push({ network, portId, portInfo });
        count_++;
      }
      s.ascii(` ${count_} port${count_ === 1 ? "" : "s"}`);
      return !w.structured
        ? undefined
        : { ...base, kind: type === 6 ? "initialize-routing-table" : "initialize-routing-table-ack", ports };
    }
    case 0x08: {
      const network = dnet(w);
      const terminationTime = octet(w, "bacnet.term_time_value", "Termination Time Value (seconds)");
      if (network !== undefined) {
        s.space();
        s.uint(network);
      }
      return !w.structured
        ? undefined
        : {
            ...base,
            kind: "establish-connection-to-network",
            network: network ?? 0,
            terminationTime: terminationTime ?? 0,
          };
    }
    case 0x09: {
      const network = dnet(w);
      if (network !== undefined) {
        s.space();
        s.uint(network);
      }
      return !w.structured ? undefined : { ...base, kind: "disconnect-connection-to-network", network: network ?? 0 };
    }
    case 0x12:
      return !w.structured ? undefined : { ...base, kind: "what-is-network-number" };
    case 0x13: {
      const network = dnet(w);
      const status = octet(w, "bacnet.netno_status", "Network number status (enumerated)");
      if (network !== undefined) {
        s.space();
        s.uint(network);
      }
      if (status !== undefined) s.ascii(status === 0 ? " learned" : status === 1 ? " configured" : ` status ${status}`);
      return !w.structured
        ? undefined
        : { ...base, kind: "network-number-is", network: network ?? 0, status: status ?? 0 };
    }
    default: {
      if (proprietary) {
        if (w.left < 2) {
          w.problem("TRUNCATED", w.pos, "the proprietary network message ends inside the vendor id");
          w.pos = w.end;
          return !w.structured ? undefined : { ...base, kind: "proprietary", vendorId: 0, data: "" };
        }
        const vendorId = ((b[w.pos] as number) << 8) | (b[w.pos + 1] as number);
        tree?.leaf("bacnet.vendor", w.labels ? `Vendor ID: ${vendorId}` : "", vendorId, w.pos, 2);
        w.pos += 2;
        s.ascii(` ${hex2(type)} vendor `);
        s.uint(vendorId);
        const data = rest(w);
        return !w.structured ? undefined : { ...base, kind: "proprietary", vendorId, data };
      }
      if (type > 0x13)
        w.problem("UNKNOWN_TYPE", w.pos - 1, `network layer message type ${hex2(type)} is reserved by ASHRAE`);
      const data = rest(w);
      return !w.structured ? undefined : { ...base, kind: "other", data };
    }
  }
}

/** The rest of the message as hex (and one `bip6.bacnet.data` field). */
function rest(w: Walk): string {
  const data = hexOf(w.b, w.pos, w.end);
  if (w.pos < w.end) w.tree?.leaf("bip6.bacnet.data", w.labels ? `Data: ${data}` : "", data, w.pos, w.end - w.pos);
  w.pos = w.end;
  return data;
}
