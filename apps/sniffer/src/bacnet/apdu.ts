import {
  ABORT_REASONS,
  CONFIRMED_SERVICES,
  REJECT_REASONS,
  UNCONFIRMED_SERVICES,
  maxApduOctets,
  maxSegmentsCount,
  pduTypeLabel,
  pduTypeName,
} from "./names.js";
import {
  type ServiceDecoder,
  UNCONFIRMED_DECODERS,
  complexAckDecoder,
  confirmedRequestDecoder,
  errorChoice,
  generic,
} from "./services.js";
import type { ApduInfo } from "./types.js";
import { hexOf } from "./values.js";
import type { FieldNode } from "./tree.js";
import { bitPicture, type Walk } from "./walk.js";

type MutableApduInfo = { -readonly [K in keyof ApduInfo]: ApduInfo[K] };

/** Summary suffix per PDU type after the service name (`ReadProperty-Request`, `…-ACK`). */
const SUFFIX = ["-Request", "", "-SimpleACK", "-ACK", "", "-Error"].map((s) =>
  Uint8Array.from(s, (c) => c.charCodeAt(0)),
);

const MAX_SEGMENTS_LABELS = [
  "Unspecified",
  "2 segments",
  "4 segments",
  "8 segments",
  "16 segments",
  "32 segments",
  "64 segments",
  "Greater than 64 segments",
];
const MAX_APDU_LABELS = [
  "Up to MinimumMessageSize (50 octets)",
  "Up to 128 octets",
  "Up to 206 octets (fits in a LonTalk frame)",
  "Up to 480 octets (fits in an ARCNET frame)",
  "Up to 1024 octets",
  "Up to 1476 octets (fits in an ISO 8802-3 frame)",
];

/** Octets of each PDU type's fixed header before the service choice (unsegmented). */
const HEADER_OCTETS = [4, 2, 3, 3, 4, 3, 3, 3];

/**
 * Walks the APDU at the walk's position to the end (clause 20.1): the header of its PDU type,
 * the service data through the service's decoder, the summary. Returns the structured
 * {@link ApduInfo} on the tree path (`undefined` on the summary path).
 */
export function walkApdu(w: Walk): ApduInfo | undefined {
  const b = w.b;
  const tree = w.tree;
  const start = w.pos;
  const s = w.sum;
  const facts = w.facts;
  if (w.left < 1) {
    w.problem("TRUNCATED", start, "the NPDU has no APDU");
    return undefined;
  }
  const node = tree?.open("bacapp", "Building Automation and Control Network APDU", "", start, w.end - start) ?? null;
  const t0 = b[start] as number;
  const type = t0 >> 4;
  facts.pduType = type;
  const info: MutableApduInfo | null = !w.structured
    ? null
    : {
        pduType: type,
        pduTypeName: pduTypeName(type),
        segmented: false,
        moreFollows: false,
        segmentedResponseAccepted: false,
      };
  if (type > 7) {
    tree?.leaf(
      "bacapp.type",
      w.labels ? `${bitPicture(t0, 0xf0)} = APDU Type: ${pduTypeLabel(type)}` : "",
      type,
      start,
      1,
    );
    w.problem("UNKNOWN_TYPE", start, `APDU type ${type} is reserved by ASHRAE`);
    s.ascii(pduTypeName(type));
    rest(w, start + 1);
    return finish(w, node, info);
  }
  const fixed = HEADER_OCTETS[type] as number;
  if (w.left < fixed) {
    tree?.leaf(
      "bacapp.type",
      w.labels ? `${bitPicture(t0, 0xf0)} = APDU Type: ${pduTypeLabel(type)}` : "",
      type,
      start,
      1,
    );
    w.problem("TRUNCATED", start, `a ${pduTypeName(type)} header needs ${fixed} octets, ${w.left} remain`);
    s.ascii(pduTypeName(type));
    return finish(w, node, info);
  }
  let p = start + 1;
  switch (type) {
    case 0:
    case 3: {
      // Confirmed-Request / ComplexACK: flags, (max segments/APDU), invoke id, (sequence, window), service.
      const seg = (t0 & 0x08) !== 0;
      const mor = (t0 & 0x04) !== 0;
      const sa = (t0 & 0x02) !== 0;
      typeNode(w, t0, start, false);
      if (tree !== null) {
        tree.open(
          "bacapp.pduflags",
          w.labels ? `${bitPicture(t0, 0x0f)} = PDU Flags: 0x${(t0 & 15).toString(16)}` : "",
          t0 & 15,
          start,
          1,
        );
        tree.leaf(
          "bacapp.segmented_request",
          w.labels
            ? `${bitPicture(t0, 0x08)} = Segmented Request: ${seg ? "Segmented Request" : "Unsegmented Request"}`
            : "",
          seg,
          start,
          1,
        );
        tree.leaf(
          "bacapp.more_segments",
          w.labels
            ? `${bitPicture(t0, 0x04)} = More Segments: ${mor ? "More Segments Follow" : "No More Segments Follow"}`
            : "",
          mor,
          start,
          1,
        );
        if (type === 0)
          tree.leaf(
            "bacapp.SA",
            w.labels
              ? `${bitPicture(t0, 0x02)} = SA: ${sa ? "Segmented Response accepted" : "Segmented Response not accepted"}`
              : "",
            sa,
            start,
            1,
          );
        tree.close();
      }
      if ((type === 0 && (t0 & 0x01) !== 0) || (type === 3 && (t0 & 0x03) !== 0))
        w.problem("RESERVED_BITS", start, `APDU header 0x${t0.toString(16)} has reserved bits set`);
      facts.segmented = seg;
      if (info !== null) {
        info.segmented = seg;
        info.moreFollows = mor;
        info.segmentedResponseAccepted = type === 0 && sa;
      }
      if (type === 0) {
        facts.confirmedRequest = true;
        const o1 = b[p] as number;
        const segCode = (o1 >> 4) & 7;
        const apduCode = o1 & 15;
        if (tree !== null) {
          tree.leaf(
            "bacapp.response_segments",
            w.labels
              ? `${bitPicture(o1, 0x70)} = Max Response Segments accepted: ${MAX_SEGMENTS_LABELS[segCode] as string} (${segCode})`
              : "",
            segCode,
            p,
            1,
          );
          tree.leaf(
            "bacapp.max_adpu_size",
            w.labels
              ? `${bitPicture(o1, 0x0f)} = Size of Maximum ADPU accepted: ${MAX_APDU_LABELS[apduCode] ?? "reserved by ASHRAE"} (${apduCode})`
              : "",
            apduCode,
            p,
            1,
          );
        }
        if (info !== null) {
          info.maxSegments = maxSegmentsCount(segCode);
          const octets = maxApduOctets(apduCode);
          if (octets !== undefined) info.maxApdu = octets;
        }
        p++;
      }
      invoke(w, p++, info);
      let sequence = -1;
      if (seg) {
        if (p + 2 > w.end) {
          w.problem("TRUNCATED", p, "the segmented APDU ends before its sequence number and window size");
          w.pos = w.end;
          s.ascii(pduTypeName(type));
          return finish(w, node, info);
        }
        sequence = b[p] as number;
        const window = b[p + 1] as number;
        tree?.leaf("bacapp.sequence_number", w.labels ? `Sequence Number: ${sequence}` : "", sequence, p, 1);
        tree?.leaf("bacapp.window_size", w.labels ? `Proposed Window Size: ${window}` : "", window, p + 1, 1);
        if (info !== null) {
          info.sequenceNumber = sequence;
          info.windowSize = window;
        }
        p += 2;
      }
      if (p >= w.end) {
        w.problem("TRUNCATED", p, "the APDU ends before its service choice");
        w.pos = w.end;
        s.ascii(pduTypeName(type));
        return finish(w, node, info);
      }
      const service = serviceChoice(w, p, true, info);
      p++;
      s.bytes(CONFIRMED_SERVICES.bytes(service));
      s.bytes(SUFFIX[type] as Uint8Array);
      if (seg) {
        // Only a reassembled message decodes; a segment shows which one it is.
        s.ascii(" segment ");
        s.uint(sequence);
        s.ascii(mor ? " (more follow)" : " (last)");
        segmentData(w, p);
        return finish(w, node, info);
      }
      service_(w, p, type === 0 ? confirmedRequestDecoder(service) : complexAckDecoder(service));
      return finish(w, node, info);
    }
    case 1: {
      typeNode(w, t0, start, false);
      if ((t0 & 0x0f) !== 0)
        w.problem("RESERVED_BITS", start, `APDU header 0x${t0.toString(16)} has reserved bits set`);
      const service = serviceChoice(w, p, false, info);
      p++;
      s.bytes(UNCONFIRMED_SERVICES.bytes(service));
      service_(w, p, UNCONFIRMED_DECODERS[service] ?? generic);
      return finish(w, node, info);
    }
    case 2: {
      typeNode(w, t0, start, false);
      invoke(w, p++, info);
      const service = serviceChoice(w, p, true, info);
      p++;
      s.bytes(CONFIRMED_SERVICES.bytes(service));
      s.bytes(SUFFIX[2] as Uint8Array);
      trailing(w, p);
      return finish(w, node, info);
    }
    case 4: {
      const nak = (t0 & 0x02) !== 0;
      const srv = (t0 & 0x01) !== 0;
      typeNode(w, t0, start, true);
      if (tree !== null) {
        tree.leaf(
          "bacapp.NAK",
          w.labels ? `${bitPicture(t0, 0x02)} = NAK: ${nak ? "True" : "False"}` : "",
          nak,
          start,
          1,
        );
        tree.leaf(
          "bacapp.SRV",
          w.labels ? `${bitPicture(t0, 0x01)} = SRV: ${srv ? "True" : "False"}` : "",
          srv,
          start,
          1,
        );
      }
      invoke(w, p++, info);
      const sequence = b[p] as number;
      const window = b[p + 1] as number;
      tree?.leaf("bacapp.sequence_number", w.labels ? `Sequence Number: ${sequence}` : "", sequence, p, 1);
      tree?.leaf("bacapp.window_size", w.labels ? `Proposed Window Size: ${window}` : "", window, p + 1, 1);
      tree?.close();
      p += 2;
      if (info !== null) {
        info.negativeAck = nak;
        info.server = srv;
        info.sequenceNumber = sequence;
        info.windowSize = window;
      }
      s.ascii("SegmentACK seq ");
      s.uint(sequence);
      s.ascii(" window ");
      s.uint(window);
      if (nak) s.ascii(" NAK");
      trailing(w, p);
      return finish(w, node, info);
    }
    case 5: {
      typeNode(w, t0, start, true);
      invoke(w, p++, info);
      const service = serviceChoice(w, p, true, info);
      tree?.close();
      p++;
      s.bytes(CONFIRMED_SERVICES.bytes(service));
      s.bytes(SUFFIX[5] as Uint8Array);
      service_(w, p, errorChoice);
      if (info !== null && w.data?.kind === "error") info.error = w.data.error;
      return finish(w, node, info);
    }
    case 6:
    case 7: {
      const srv = (t0 & 0x01) !== 0;
      typeNode(w, t0, start, true);
      if (type === 7)
        tree?.leaf(
          "bacapp.SRV",
          w.labels ? `${bitPicture(t0, 0x01)} = SRV: ${srv ? "True" : "False"}` : "",
          srv,
          start,
          1,
        );
      invoke(w, p++, info);
      const reason = b[p] as number;
      const names = type === 6 ? REJECT_REASONS : ABORT_REASONS;
      tree?.leaf(
        type === 6 ? "bacapp.reject_reason" : "bacapp.abort_reason",
        w.labels ? `${type === 6 ? "Reject" : "Abort"} Reason: ${names.label(reason)}` : "",
        reason,
        p,
        1,
      );
      tree?.close();
      p++;
      if (info !== null) {
        if (type === 6) {
          info.rejectReason = reason;
          info.rejectReasonName = names.name(reason);
        } else {
          info.server = srv;
          info.abortReason = reason;
          info.abortReasonName = names.name(reason);
        }
      }
      s.ascii(type === 6 ? "Reject " : "Abort ");
      s.bytes(names.bytes(reason));
      trailing(w, p);
      return finish(w, node, info);
    }
  }
  return finish(w, node, info);
}

/** Ends the APDU walk: closes the `bacapp` node and hands out the info (tree path). */
function finish(w: Walk, node: FieldNode | null, info: MutableApduInfo | null): ApduInfo | undefined {
  if (node !== null) w.tree?.closeTo(node, w.end);
  if (info !== null && w.data !== undefined) info.data = w.data;
  return info ?? undefined;
}

/** The `bacapp.type` field; `nested` opens it for the fields tshark shows under it. */
function typeNode(w: Walk, t0: number, start: number, nested: boolean): void {
  const tree = w.tree;
  if (tree === null) return;
  const type = t0 >> 4;
  const label = w.labels ? `${bitPicture(t0, 0xf0)} = APDU Type: ${pduTypeLabel(type)}` : "";
  if (nested) tree.open("bacapp.type", label, type, start, 1);
  else tree.leaf("bacapp.type", label, type, start, 1);
}

/** The invoke id at `p`: its field, the facts and the info. */
function invoke(w: Walk, p: number, info: MutableApduInfo | null): void {
  const id = w.b[p] as number;
  w.facts.invokeId = id;
  w.tree?.leaf("bacapp.invoke_id", w.labels ? `Invoke ID: ${id}` : "", id, p, 1);
  if (info !== null) info.invokeId = id;
}

/** The service choice octet at `p`: its field, the facts and the info. */
function serviceChoice(w: Walk, p: number, confirmed: boolean, info: MutableApduInfo | null): number {
  const service = w.b[p] as number;
  w.facts.service = service;
  const names = confirmed ? CONFIRMED_SERVICES : UNCONFIRMED_SERVICES;
  w.tree?.leaf(
    confirmed ? "bacapp.confirmed_service" : "bacapp.unconfirmed_service",
    w.labels ? `${confirmed ? "Service Choice" : "Unconfirmed Service Choice"}: ${names.label(service)}` : "",
    service,
    p,
    1,
  );
  if (info !== null) {
    info.service = service;
    info.serviceName = names.name(service);
  }
  return service;
}

/** Runs a service decoder over `[p, end)`; what it leaves is undecoded or trailing. */
function service_(w: Walk, p: number, decoder: ServiceDecoder): void {
  w.pos = p;
  if (!decoder(w)) {
    rest(w, w.pos);
    return;
  }
  trailing(w, w.pos);
}

/** Octets after a complete APDU: a problem and one field. */
function trailing(w: Walk, p: number): void {
  if (p < w.end) {
    w.problem("TRAILING_OCTETS", p, `${w.end - p} octets after the end of the APDU`);
    rest(w, p);
  }
  w.pos = w.end;
}

/** The octets from `p` that were not decoded, as one `bip6.bacapp.undecoded` field. */
function rest(w: Walk, p: number): void {
  if (p < w.end && w.tree !== null) {
    const h = hexOf(w.b, p, w.end);
    w.tree.leaf("bip6.bacapp.undecoded", w.labels ? `Undecoded: ${h}` : "", h, p, w.end - p);
  }
  w.pos = w.end;
}

/** The service data of one segment, as octets (`bip6.bacapp.segment`). */
function segmentData(w: Walk, p: number): void {
  if (p < w.end && w.tree !== null) {
    const h = hexOf(w.b, p, w.end);
    w.tree.leaf("bip6.bacapp.segment", w.labels ? `Segment data (${w.end - p} octets)` : "", h, p, w.end - p);
  }
  w.pos = w.end;
}
