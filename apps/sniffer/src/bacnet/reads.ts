import { type Enumeration, OBJECT_TYPES, PROPERTIES, charsetLabel } from "./names.js";
import { charStringText, hexOf, objectIdAt, objectIdFields } from "./values.js";
import { PRIMITIVE, type Walk } from "./walk.js";

/**
 * Typed reads of one tagged primitive at the walk's position, for the service decoders:
 * each checks that the next tag is the one the grammar wants (context tag `n`, or the
 * application tag of the type when `n` is -1), checks its length, adds the tree node tshark
 * shows (an unnamed wrapper with the tag header, plus tshark's named field where it has one)
 * and consumes it. A tag that is not the wanted one is left in place and -1 (or `undefined`)
 * returned, so optional fields cost a peek; a wanted tag with a bad length is a problem.
 */

/** tshark fields that cover their whole tag (most cover only the value octets). */
const WHOLE_TAG = new Set(["bacapp.processId"]);

/** Peeks and checks that the next tag is primitive context `n`, or application `appTag` when `n` < 0. */
function want(w: Walk, n: number, appTag: number): boolean {
  if (!w.peekTag()) return false;
  if (w.tagKind !== PRIMITIVE) return false;
  return n < 0 ? !w.tagContext && w.tagNumber === appTag : w.tagContext && w.tagNumber === n;
}

function badLength(w: Walk, what: string): void {
  w.problem("BAD_VALUE", w.tagStart, `${what} at ${w.tagStart} has ${w.valueLength} octets`);
}

/**
 * The wrapper node of a value: `name` (ours) labelled `label`, with the tag header inside,
 * then an optional named leaf (tshark's field). Tree path only.
 */
function wrapper(
  w: Walk,
  name: string,
  label: string,
  value: number | string | boolean,
  leaf?: [string, string],
  whole = false,
): void {
  const tree = w.tree;
  if (tree === null) return;
  // tshark's own fields mostly cover the value octets (the tag header is their child); ours the whole tag.
  if (whole || name.startsWith("bip6.")) tree.open(name, label, value, w.tagStart, w.valueEnd - w.tagStart);
  else tree.open(name, label, value, w.valueStart, w.valueLength);
  w.tagHeader();
  if (leaf !== undefined) tree.leaf(leaf[0], leaf[1], value, w.valueStart, w.valueLength);
  tree.close();
}

/** An Unsigned (context `n`, or application when `n` < 0); -1 when absent. */
export function readUnsigned(
  w: Walk,
  n: number,
  name: string,
  title: string,
  leaf?: string,
  leafTitle?: string,
): number {
  if (!want(w, n, 2)) return -1;
  if (w.valueLength < 1 || w.valueLength > 6) {
    badLength(w, "an Unsigned");
    return -1;
  }
  const v = w.unsignedValue();
  if (w.tree !== null)
    wrapper(
      w,
      name,
      w.labels ? `${title}: ${v}` : "",
      v,
      leaf === undefined ? undefined : [leaf, w.labels ? `${leafTitle ?? title}: ${v}` : ""],
      WHOLE_TAG.has(name),
    );
  w.skip();
  return v;
}

/**
 * A vendor identifier (Unsigned16; context `n`, or application when `n` < 0): the wrapper and
 * `bacapp.vendor_identifier`, labelled with the vendor's name when the decode was given
 * `vendorName`; -1 when absent.
 */
export function readVendorId(w: Walk, n: number): number {
  if (!want(w, n, 2)) return -1;
  if (w.valueLength < 1 || w.valueLength > 2) {
    badLength(w, "a vendor identifier (Unsigned16)");
    return -1;
  }
  const v = w.unsignedValue();
  if (w.tree !== null) {
    const name = w.labels ? w.vendorName?.(v) : undefined;
    const text = !w.labels ? "" : name === undefined ? String(v) : `${name} (${v})`;
    wrapper(w, "bip6.bacapp.vendor", w.labels ? `Vendor ID: ${text}` : "", v, [
      "bacapp.vendor_identifier",
      `Vendor Identifier: ${text}`,
    ]);
  }
  w.skip();
  return v;
}

/** An Enumerated (context `n`, or application when `n` < 0) named by `names`; -1 when absent. */
export function readEnumerated(
  w: Walk,
  n: number,
  name: string,
  title: string,
  names?: Enumeration,
  leaf?: string,
  whole = false,
): number {
  if (!want(w, n, 9)) return -1;
  if (w.valueLength < 1 || w.valueLength > 4) {
    badLength(w, "an Enumerated");
    return -1;
  }
  const v = w.unsignedValue();
  if (w.tree !== null) {
    const label = w.labels ? `${title}: ${names !== undefined ? names.label(v) : v}` : "";
    wrapper(w, name, label, v, leaf === undefined ? undefined : [leaf, label], whole);
  }
  w.skip();
  return v;
}

/** A BACnetPropertyIdentifier (context `n`): the wrapper and `bacapp.property_identifier`; -1 when absent. */
export function readPropertyId(w: Walk, n: number): number {
  return readEnumerated(w, n, "bip6.bacapp.property", "Property Identifier", PROPERTIES, "bacapp.property_identifier");
}

/** A BACnetObjectIdentifier (context `n`, or application when `n` < 0), packed; -1 when absent. */
export function readObjectId(w: Walk, n: number, title = "ObjectIdentifier"): number {
  if (!want(w, n, 12)) return -1;
  if (w.valueLength !== 4) {
    badLength(w, "an object identifier");
    return -1;
  }
  const id = objectIdAt(w.b, w.valueStart);
  const tree = w.tree;
  if (tree !== null) {
    const type = id >>> 22;
    const known = w.labels
      ? (OBJECT_TYPES.tshark(type) ?? OBJECT_TYPES.known(type) ?? OBJECT_TYPES.fallback(type))
      : "";
    tree.open(
      "bip6.bacapp.object_identifier",
      w.labels ? `${title}: ${known}, ${id & 0x3fffff}` : "",
      `${OBJECT_TYPES.name(type)},${id & 0x3fffff}`,
      w.tagStart,
      w.valueEnd - w.tagStart,
    );
    w.tagHeader();
    objectIdFields(w, w.valueStart);
    tree.close();
  }
  w.skip();
  return id;
}

/**
 * A CharacterString (context `n`, or application when `n` < 0): its text (hex for charsets
 * that need code tables), or `undefined` when absent. Named `bacapp.object_name` as tshark
 * does when `objectName` is set.
 */
export function readCharString(w: Walk, n: number, title: string, objectName = false): string | undefined {
  if (!want(w, n, 7)) return undefined;
  if (w.valueLength < 1) {
    badLength(w, "a CharacterString");
    return undefined;
  }
  const b = w.b;
  const charset = b[w.valueStart] as number;
  const text = charStringText(b, w.valueStart, w.valueEnd) ?? hexOf(b, w.valueStart + 1, w.valueEnd);
  const tree = w.tree;
  if (tree !== null) {
    tree.open(
      objectName ? "bip6.bacapp.object_name" : "bip6.bacapp.character_string",
      title,
      text,
      w.tagStart,
      w.valueEnd - w.tagStart,
    );
    if (objectName)
      tree.leaf(
        "bacapp.object_name",
        w.labels ? `Object Name: ${text}` : "",
        text,
        w.valueStart + 1,
        w.valueLength - 1,
      );
    w.tagHeader();
    tree.leaf(
      "bacapp.string_character_set",
      w.labels ? `String Character Set: ${charsetLabel(charset)}` : "",
      charset,
      w.valueStart,
      1,
    );
    if (!objectName)
      tree.leaf("bip6.bacapp.string", w.labels ? `${title}: ${text}` : "", text, w.valueStart + 1, w.valueLength - 1);
    tree.close();
  }
  w.skip();
  return text;
}

/**
 * An opening tag `n` at the position: consumed (its node added) and true, else false and
 * nothing consumed.
 */
export function openTag(w: Walk, n: number): boolean {
  if (!w.peekTag() || !w.isOpening(n)) return false;
  if (w.tree !== null) w.tagHeader();
  w.skip();
  return true;
}

/** The closing tag `n` at the position: consumed and true; else a problem and false. */
export function closeTag(w: Walk, n: number): boolean {
  if (!w.peekTag() || !w.isClosing(n)) {
    if (w.pos < w.end || w.left === 0) w.unexpected(`closing tag ${n}`);
    return false;
  }
  if (w.tree !== null) w.tagHeader();
  w.skip();
  return true;
}
