/**
 * The field tree every output mode, the display filter and the browser decoder page read.
 * Same shape as the BACnet decoder's `DecodedField` (src/bacnet): the sniffer's own layers
 * (frame, link, ipv6, udp, bvlc, bip6) and the decoder's bacnet/bacapp layers form one tree.
 *
 * @module
 */

/** One decoded field. */
export interface DecodedField {
  /**
   * Field name: tshark's where tshark has one (`bvlc.virtual_source`, `ipv6.src` …), ours under
   * `bip6.` otherwise. A protocol layer is a field named after the protocol (`bvlc`).
   */
  readonly name: string;
  /** What `-V` prints for the field, e.g. `BVLC-Virtual-Source: 1234 (0x0004d2)`. */
  readonly label: string;
  /**
   * The machine value as tshark's `-T fields` means it: numbers, booleans for one-bit flags,
   * text for addresses and strings, lower-case hex for octet strings.
   */
  readonly value: number | string | boolean;
  /** Offset of the field's first octet: in the packet for the sniffer's layers, in the array given to the decoder for its own. */
  readonly offset: number;
  /** Octets the field covers (0 for a field that stands for no octets of its own). */
  readonly length: number;
  /** Sub-fields. */
  readonly children?: readonly DecodedField[];
}

/** The value of a field, as the filter and the formatters see it. */
export type FieldValue = DecodedField["value"];

/** Calls `visit` for `fields` and all their descendants, depth first, in tree order. */
export function walkFields(
  fields: readonly DecodedField[],
  visit: (f: DecodedField, depth: number) => void,
  depth = 0,
): void {
  for (const f of fields) {
    visit(f, depth);
    if (f.children !== undefined) walkFields(f.children, visit, depth + 1);
  }
}

/** Every field of the tree by name, in tree order (a name may occur several times). */
export function indexFields(fields: readonly DecodedField[]): Map<string, DecodedField[]> {
  const index = new Map<string, DecodedField[]>();
  walkFields(fields, (f) => {
    const list = index.get(f.name);
    if (list === undefined) index.set(f.name, [f]);
    else list.push(f);
  });
  return index;
}
