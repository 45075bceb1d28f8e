/**
 * The `%TypedArray%.prototype[Symbol.toStringTag]` getter: the element type from the array's
 * internal slot ("Uint8Array", "Uint16Array" …), `undefined` for anything that is not a typed
 * array. Unlike `Object.prototype.toString` an own `Symbol.toStringTag` cannot spoof it, and
 * unlike `instanceof` it works on another realm's arrays.
 */
const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)
  ?.get as (this: unknown) => string | undefined;

/** Element type of a typed array ("Uint8Array" …), `undefined` for every other value. */
export function typedArrayName(value: unknown): string | undefined {
  return typedArrayTag.call(value);
}

/**
 * True for every `Uint8Array`: this realm's (and subclasses such as Node's `Buffer`) and
 * another realm's (an iframe, a `vm` context), whose `instanceof` is false. The fast path is
 * `instanceof`; the slot check only runs for values that fail it. Not for `Uint8ClampedArray`,
 * other typed arrays, `DataView`, `ArrayBuffer` or plain arrays.
 */
export function isUint8Array(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || typedArrayTag.call(value) === "Uint8Array";
}
