import { CONFIRMED_SERVICES, OBJECT_TYPES, UNCONFIRMED_SERVICES } from "./names.js";

/**
 * Names of the bits of the BIT STRING properties tshark names bit by bit (clause 21):
 * BACnetStatusFlags, BACnetEventTransitionBits, BACnetLimitEnable, BACnetServicesSupported,
 * BACnetObjectTypesSupported. Unnamed bits are `(n) Reserved for Use by ASHRAE`, as tshark.
 */

const STATUS_FLAGS = ["in-alarm", "fault", "overridden", "out-of-service"];
const EVENT_TRANSITIONS = ["to-offnormal", "to-fault", "to-normal"];
const LIMIT_ENABLE = ["low-limit-enable", "high-limit-enable"];

/**
 * BACnetServicesSupported bit → service: confirmed choices as `c<n>`, unconfirmed as `u<n>`
 * (the bits follow neither choice order), then names from the service tables.
 */
const SERVICES_SUPPORTED =
  "c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 c10 c11 c12 c13 c14 c15 c16 c17 c18 c19 c20 c21 c22 c23 c24 c25 u0 u1 u2 u3 u4 u5 u6 u7 u8 c26 u9 c27 c28 c29 u10 c30 c31 u11 c32 c33 u12 u13 u14 c34".split(
    " ",
  );

/** tshark 4.0's own names for bits 40–46, which its service tables spell otherwise. */
const SERVICES_SUPPORTED_TSHARK: Record<number, string> = {
  40: "write-group",
  41: "subscribe-cov-property-multiple",
  42: "confirmed-cov-notification-multiple",
  43: "unconfirmed-cov-notification-multiple",
  44: "confirmed-audit-notification",
  45: "audit-log-query",
  46: "unconfirmed-audit-notification",
};

function serviceBit(bit: number): string | undefined {
  const tshark = SERVICES_SUPPORTED_TSHARK[bit];
  if (tshark !== undefined) return tshark;
  const code = SERVICES_SUPPORTED[bit];
  if (code === undefined || bit > 46) return undefined;
  const n = Number(code.slice(1));
  const table = code[0] === "c" ? CONFIRMED_SERVICES : UNCONFIRMED_SERVICES;
  return table.tshark(n) ?? table.known(n);
}

/** Whether `property`'s value is a bit string whose bits have names. */
export function hasNamedBits(property: number): boolean {
  return property === 111 || property === 0 || property === 35 || property === 52 || property === 96 || property === 97;
}

/** The name of bit `bit` of `property` (see {@link hasNamedBits}), as tshark prints it. */
export function bitName(property: number, bit: number): string {
  let name: string | undefined;
  switch (property) {
    case 111:
      name = STATUS_FLAGS[bit];
      break;
    case 0:
    case 35:
      name = EVENT_TRANSITIONS[bit];
      break;
    case 52:
      name = LIMIT_ENABLE[bit];
      break;
    case 96:
      name = OBJECT_TYPES.tshark(bit) ?? OBJECT_TYPES.known(bit);
      break;
    case 97:
      name = serviceBit(bit);
      break;
  }
  return name ?? `(${bit}) Reserved for Use by ASHRAE`;
}
