/**
 * Field values by name for the display filter and `-T fields`: the sniffer's own fields are
 * read from the octets (no tree), the decoder's from its layers, the analysis' from the frame.
 *
 * @module
 */
import type { FrameContext } from "../frame-context.js";
import type { NpduFacts } from "../npdu.js";
import type { FieldValue } from "./field.js";
import { hasLinkLayer, OWN_FIELD_BY_NAME, type OwnField } from "./own.js";

/** Appends the values of one field of the frame to `out` (none when the frame lacks it). */
export type FieldGetter = (c: FrameContext, out: FieldValue[]) => void;

export { FACT_FIELDS };

/** Fields tshark derives from two others (hidden in its tree): either end's address or port. */
export const ALIAS_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ["ipv6.addr", ["ipv6.src", "ipv6.dst"]],
  ["udp.port", ["udp.srcport", "udp.dstport"]],
]);

/** Protocol names a filter may test for presence (`-Y bacapp`). */
export const PROTOCOLS: ReadonlySet<string> = new Set([
  "frame",
  "eth",
  "vlan",
  "sll",
  "null",
  "ipv6",
  "udp",
  "bvlc",
  "bacnet",
  "bacapp",
  "bip6",
]);

/** The analysis fields of the bip6 layer. */
export const BIP6_FIELDS: ReadonlyMap<string, string> = new Map([
  ["bip6.error", "decode error of a malformed frame (its code, e.g. LENGTH_MISMATCH)"],
  ["bip6.finding", "Annex U finding shown at this frame (its code, e.g. NONSTANDARD_RESULT_CODE)"],
  ["bip6.problem", "problem the BACnet decoder found in the NPDU (its code, e.g. TRUNCATED)"],
]);

/** Prefixes of field names the BACnet decoder defines (its names follow tshark's, ours `bip6.`). */
const DECODER_PREFIXES = ["bacnet.", "bacapp.", "bip6."] as const;

function ownGetter(f: OwnField): FieldGetter {
  const value = f.value;
  return (c, out) => {
    const v = value(c);
    if (v !== undefined) out.push(v);
  };
}

/** The decoder's layers' fields of this name, in tree order. */
function decoderGetter(name: string): FieldGetter {
  return (c, out) => {
    for (const v of c.npduValues(name)) out.push(v);
  };
}

/**
 * APDU header fields read from the decoder's facts (its summary path, no tree): the ones
 * filters and `-T fields` use most. Each gives the value the tree has, or −1 for none (a
 * property test holds them to the tree); an NPDU with problems is read from the tree instead.
 */
const FACT_FIELDS: ReadonlyMap<string, (f: NpduFacts) => number> = new Map([
  ["bacapp.type", (f: NpduFacts) => f.pduType],
  ["bacapp.invoke_id", (f: NpduFacts) => f.invokeId],
  [
    "bacapp.confirmed_service",
    (f: NpduFacts) => (f.pduType === 0 || f.pduType === 2 || f.pduType === 3 || f.pduType === 5 ? f.service : -1),
  ],
  ["bacapp.unconfirmed_service", (f: NpduFacts) => (f.pduType === 1 ? f.service : -1)],
  ["bacnet.mesgtyp", (f: NpduFacts) => f.networkMessage],
]);

function factGetter(name: string, read: (f: NpduFacts) => number): FieldGetter {
  const slow = decoderGetter(name);
  return (c, out) => {
    const facts = c.npduFacts();
    if (facts === undefined) return;
    if (facts.problems > 0) {
      slow(c, out);
      return;
    }
    const v = read(facts);
    if (v >= 0) out.push(v);
  };
}

/**
 * How to read the field `name`, or `undefined` when no layer defines it. Names under
 * `bacnet.`, `bacapp.` and `bip6.` are accepted whatever they are: the decoder defines them.
 */
export function fieldGetter(name: string): FieldGetter | undefined {
  const own = OWN_FIELD_BY_NAME.get(name);
  if (own !== undefined) return ownGetter(own);
  const alias = ALIAS_FIELDS.get(name);
  if (alias !== undefined) {
    const parts = alias.map((n) => ownGetter(OWN_FIELD_BY_NAME.get(n) as OwnField));
    return (c, out) => {
      for (const p of parts) p(c, out);
    };
  }
  const fact = FACT_FIELDS.get(name);
  if (fact !== undefined) return factGetter(name, fact);
  switch (name) {
    case "frame":
    case "ipv6":
    case "udp":
    case "bvlc":
      return (_c, out) => {
        out.push("");
      };
    case "eth":
    case "vlan":
    case "sll":
    case "null":
      return (c, out) => {
        if (hasLinkLayer(c, name)) out.push("");
      };
    case "bacnet":
    case "bacapp":
      return (c, out) => {
        // From the facts when the NPDU is well-formed (no tree), else from the tree.
        const facts = c.npduFacts();
        if (facts === undefined) return;
        const present = facts.problems > 0 ? c.npduLayers().includes(name) : name === "bacnet" || facts.pduType >= 0;
        if (present) out.push("");
      };
    case "bip6":
      return (c, out) => {
        if (!c.decodable || c.findings.length > 0 || (c.npdu()?.problems.length ?? 0) > 0) out.push("");
      };
    case "bip6.error":
      return (c, out) => {
        if (!c.decodable) out.push(c.record().error?.code ?? "");
      };
    case "bip6.finding":
      return (c, out) => {
        for (const f of c.findings) out.push(f.code);
      };
    case "bip6.problem":
      return (c, out) => {
        for (const p of c.npdu()?.problems ?? []) out.push(p.code);
      };
    default:
      return DECODER_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length)
        ? decoderGetter(name)
        : undefined;
  }
}

/** True when a field getter exists for `name` (a known field or protocol). */
export function isKnownField(name: string): boolean {
  return fieldGetter(name) !== undefined;
}
