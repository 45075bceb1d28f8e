import { isUint8Array } from "./bytes.js";
import { DEFAULT_BACNET_PORT } from "./constants.js";
import { describeValue } from "./describe.js";
import { Bip6AddressError } from "./errors.js";
import { formatIpv6Groups, parseIpv6Groups } from "./ipv6-text.js";

/** Octets of a B/IPv6 address on the wire: 16 of IPv6 address, 2 of UDP port. */
export const BIP6_ADDRESS_LENGTH = 18;

const ZONE = /^[^\s%\]/]{1,64}$/;

/**
 * Brand on `Bip6Address.prototype`, shared by every copy of the package in a process (an ESM
 * and a CJS build), so the encoder and `equals` accept an address that `instanceof` does not.
 */
const BIP6_ADDRESS_BRAND = Symbol.for("bip6.address");

/**
 * True for a `Bip6Address` of this or another copy of the package. For the encoder, which
 * writes another copy's address through its public `writeTo`.
 */
export function isAddress(value: unknown): value is Bip6Address {
  return (
    value instanceof Bip6Address ||
    (typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BIP6_ADDRESS_BRAND] === true)
  );
}

/**
 * The 18 octets at `offset` as an address, for the decoder, which has checked the bytes, the
 * offset and the room (set by the class's static block: it needs the private constructor).
 */
export let readAddress: (bytes: Uint8Array, offset: number, zone?: string) => Bip6Address;

/**
 * Writes an address of this copy of the package at `offset`, for the encoder, which has
 * checked the target, the offset and the room (set by the class's static block: it reads
 * the private fields).
 */
export let writeAddress: (address: Bip6Address, bytes: Uint8Array, offset: number) => void;

function checkPort(port: number, input: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 0xffff) {
    throw new Bip6AddressError(
      "INVALID_PORT",
      input,
      `UDP port must be an integer 0-65535, got ${describeValue(port)}`,
    );
  }
  return port;
}

function checkZone(zone: string | undefined, input: string): string | undefined {
  if (zone === undefined) return undefined;
  if (typeof zone !== "string" || !ZONE.test(zone)) {
    throw new Bip6AddressError(
      "INVALID_ZONE",
      input,
      `invalid zone id ${describeValue(zone)} (an interface name or index: 1-64 characters, no space, '%', ']' or '/')`,
    );
  }
  return zone;
}

/** Throws INVALID_OCTETS unless `bytes` is a Uint8Array with 18 octets at the integer `offset`. */
function checkRoom(bytes: Uint8Array, offset: number, what: string): void {
  if (!isUint8Array(bytes)) {
    throw new Bip6AddressError(
      "INVALID_OCTETS",
      describeValue(bytes),
      `${what} needs a Uint8Array with 18 octets, got ${describeValue(bytes)}`,
    );
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + BIP6_ADDRESS_LENGTH > bytes.length) {
    throw new Bip6AddressError(
      "INVALID_OCTETS",
      `${bytes.length} octets`,
      `${what} needs 18 octets at offset ${describeValue(offset)}, buffer has ${bytes.length}`,
    );
  }
}

/** parseIpv6Groups, reporting the whole text the caller was given as the error's input. */
function groupsOf(ip: string, input: string): Uint16Array {
  try {
    return parseIpv6Groups(ip);
  } catch (e) {
    if (e instanceof Bip6AddressError && ip !== input) throw new Bip6AddressError(e.code, input, e.message);
    throw e;
  }
}

function notText(text: unknown): Bip6AddressError {
  return new Bip6AddressError(
    "INVALID_IPV6",
    describeValue(text),
    `expected B/IPv6 address text like "[2001:db8::1]:47808", got ${describeValue(text)}`,
  );
}

function word(b: Uint8Array, o: number): number {
  return (
    (((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>> 0
  );
}

function putWord(b: Uint8Array, o: number, w: number): void {
  b[o] = w >>> 24;
  b[o + 1] = (w >>> 16) & 0xff;
  b[o + 2] = (w >>> 8) & 0xff;
  b[o + 3] = w & 0xff;
}

/**
 * A B/IPv6 address: IPv6 address + UDP port (18 octets on the wire), immutable.
 *
 * Two addresses are the same when their 18 wire octets are: compare with {@link equals} or
 * {@link key}, never with text. The optional zone (`%eth0`) is kept for sockets (link-local
 * peers) but is not part of the wire form, the key or equality.
 *
 * @example
 * ```ts
 * const a = Bip6Address.parse("[2001:0db8:0:0::1]:47808");
 * a.toString(); // "[2001:db8::1]:47808" (RFC 5952)
 * a.equals(Bip6Address.parse("2001:db8::1")); // true: same 18 octets (port 47808 by default)
 * Bip6Address.parse("[fe80::2%eth0]:47808").zone; // "eth0": for the socket, never on the wire
 * ```
 * @see ASHRAE 135 Annex U (B/IPv6 address: 16-octet IPv6 address and 2-octet port), annex-u.md §1
 */
export class Bip6Address {
  /** UDP port. */
  readonly port: number;
  /** Zone / scope id (interface name or index) for link-local addresses; never on the wire. */
  readonly zone: string | undefined;
  readonly #w0: number;
  readonly #w1: number;
  readonly #w2: number;
  readonly #w3: number;
  #key: string | undefined;
  #ip: string | undefined;

  private constructor(w0: number, w1: number, w2: number, w3: number, port: number, zone: string | undefined) {
    this.#w0 = w0;
    this.#w1 = w1;
    this.#w2 = w2;
    this.#w3 = w3;
    this.port = port;
    this.zone = zone;
  }

  /**
   * Parses `[2001:db8::1]:47808`, `[fe80::1%eth0]:47809`, `[::1]` (default port) or a bare
   * IPv6 address in any valid text form (`2001:DB8:0:0:0:0:0:1`, `::ffff:192.0.2.1`,
   * `fe80::1%eth0`), which gets `defaultPort`.
   */
  static parse(text: string, defaultPort: number = DEFAULT_BACNET_PORT): Bip6Address {
    if (typeof text !== "string") throw notText(text);
    const input = text;
    let rest = text.trim();
    let port = defaultPort;
    if (rest.startsWith("[")) {
      const close = rest.indexOf("]");
      if (close === -1) throw new Bip6AddressError("INVALID_IPV6", input, `missing ']' in ${JSON.stringify(input)}`);
      const after = rest.slice(close + 1);
      rest = rest.slice(1, close);
      if (after.length > 0) {
        if (!/^:[0-9]{1,5}$/.test(after)) {
          throw new Bip6AddressError("INVALID_PORT", input, `expected ':port' after ']' in ${JSON.stringify(input)}`);
        }
        port = Number(after.slice(1));
      }
    }
    checkPort(port, input);
    let zone: string | undefined;
    const pct = rest.indexOf("%");
    if (pct !== -1) {
      zone = checkZone(rest.slice(pct + 1), input);
      rest = rest.slice(0, pct);
    }
    return Bip6Address.fromGroups(groupsOf(rest, input), port, zone, input);
  }

  /** True when {@link parse} would accept `text` (false for anything but a string). */
  static isValid(text: string): boolean {
    try {
      Bip6Address.parse(text);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Reads the 18 wire octets (address then port, big-endian) at `offset` into a new address
   * (which does not alias `bytes`). Throws `INVALID_OCTETS` when `bytes` is not a
   * `Uint8Array` or has fewer than 18 octets at `offset`.
   */
  static fromOctets(bytes: Uint8Array, offset = 0, zone?: string): Bip6Address {
    checkRoom(bytes, offset, "a B/IPv6 address");
    return readAddress(bytes, offset, zone === undefined ? undefined : checkZone(zone, describeValue(zone)));
  }

  static {
    Object.defineProperty(this.prototype, BIP6_ADDRESS_BRAND, { value: true });
    readAddress = (bytes, offset, zone) =>
      new Bip6Address(
        word(bytes, offset),
        word(bytes, offset + 4),
        word(bytes, offset + 8),
        word(bytes, offset + 12),
        ((bytes[offset + 16] as number) << 8) | (bytes[offset + 17] as number),
        zone,
      );
    writeAddress = (a, bytes, offset) => {
      putWord(bytes, offset, a.#w0);
      putWord(bytes, offset + 4, a.#w1);
      putWord(bytes, offset + 8, a.#w2);
      putWord(bytes, offset + 12, a.#w3);
      bytes[offset + 16] = a.port >>> 8;
      bytes[offset + 17] = a.port & 0xff;
    };
  }

  /** Builds an address from IPv6 text (or 16 octets) and a port. A `%zone` suffix in the text is kept. */
  static fromIp(ip: string | Uint8Array, port: number = DEFAULT_BACNET_PORT, zone?: string): Bip6Address {
    if (typeof ip !== "string" && !isUint8Array(ip)) {
      throw new Bip6AddressError(
        "INVALID_IPV6",
        describeValue(ip),
        `fromIp needs IPv6 address text or 16 octets in a Uint8Array, got ${describeValue(ip)}`,
      );
    }
    if (typeof ip === "string") {
      const pct = ip.indexOf("%");
      const z = zone !== undefined ? zone : pct === -1 ? undefined : ip.slice(pct + 1);
      return Bip6Address.fromGroups(
        groupsOf(pct === -1 ? ip : ip.slice(0, pct), ip),
        checkPort(port, ip),
        checkZone(z, ip),
        ip,
      );
    }
    if (ip.length !== 16) {
      throw new Bip6AddressError(
        "INVALID_OCTETS",
        `${ip.length} octets`,
        `an IPv6 address has 16 octets, got ${ip.length}`,
      );
    }
    checkPort(port, describeValue(port));
    return new Bip6Address(
      word(ip, 0),
      word(ip, 4),
      word(ip, 8),
      word(ip, 12),
      port,
      checkZone(zone, describeValue(zone)),
    );
  }

  private static fromGroups(g: Uint16Array, port: number, zone: string | undefined, input: string): Bip6Address {
    checkPort(port, input);
    const w = (i: number): number => (((g[i] as number) << 16) | (g[i + 1] as number)) >>> 0;
    return new Bip6Address(w(0), w(2), w(4), w(6), port, zone);
  }

  /** The IPv6 address in RFC 5952 text, without zone or port. */
  get ip(): string {
    if (this.#ip === undefined) {
      const g = new Uint16Array(8);
      const ws = [this.#w0, this.#w1, this.#w2, this.#w3];
      for (let i = 0; i < 4; i++) {
        g[2 * i] = (ws[i] as number) >>> 16;
        g[2 * i + 1] = (ws[i] as number) & 0xffff;
      }
      this.#ip = formatIpv6Groups(g);
    }
    return this.#ip;
  }

  /** The IPv6 address with its `%zone`, as sockets want it (`fe80::1%eth0`). */
  get host(): string {
    return this.zone === undefined ? this.ip : `${this.ip}%${this.zone}`;
  }

  /**
   * Canonical map key: the 18 wire octets as 36 lower-case hex digits. Equal for every text
   * form of the same address and port; the zone is not part of it.
   */
  get key(): string {
    if (this.#key === undefined) {
      const h = (w: number): string => w.toString(16).padStart(8, "0");
      this.#key = h(this.#w0) + h(this.#w1) + h(this.#w2) + h(this.#w3) + this.port.toString(16).padStart(4, "0");
    }
    return this.#key;
  }

  /**
   * Same 18 wire octets (the zone is ignored). Also for an address of another copy of the
   * package; false for anything that is not a `Bip6Address`.
   */
  equals(other: Bip6Address): boolean {
    if (!(other instanceof Bip6Address)) return this.sameKeyAs(other, 36);
    return (
      this.port === other.port &&
      this.#w3 === other.#w3 &&
      this.#w2 === other.#w2 &&
      this.#w1 === other.#w1 &&
      this.#w0 === other.#w0
    );
  }

  /** Same IPv6 address, any port; also across copies of the package, false for non-addresses. */
  sameHost(other: Bip6Address): boolean {
    if (!(other instanceof Bip6Address)) return this.sameKeyAs(other, 32);
    return this.#w3 === other.#w3 && this.#w2 === other.#w2 && this.#w1 === other.#w1 && this.#w0 === other.#w0;
  }

  /** For another copy's address (no private fields to compare): the first `digits` of the keys. */
  private sameKeyAs(other: unknown, digits: number): boolean {
    return isAddress(other) && this.key.slice(0, digits) === other.key.slice(0, digits);
  }

  /**
   * Writes the 18 wire octets at `offset`. Throws `INVALID_OCTETS` (and writes nothing) when
   * `bytes` is not a `Uint8Array` or has no room for 18 octets at `offset`.
   */
  writeTo(bytes: Uint8Array, offset: number): void {
    checkRoom(bytes, offset, "writeTo");
    writeAddress(this, bytes, offset);
  }

  /** A new array with the 18 wire octets. */
  octets(): Uint8Array {
    const out = new Uint8Array(BIP6_ADDRESS_LENGTH);
    writeAddress(this, out, 0);
    return out;
  }

  /** A new array with the 16 octets of the IPv6 address. */
  ipOctets(): Uint8Array {
    return this.octets().subarray(0, 16);
  }

  /** The same address with another port. */
  withPort(port: number): Bip6Address {
    return new Bip6Address(this.#w0, this.#w1, this.#w2, this.#w3, checkPort(port, describeValue(port)), this.zone);
  }

  /** The same address with another zone (or none). */
  withZone(zone: string | undefined): Bip6Address {
    return new Bip6Address(this.#w0, this.#w1, this.#w2, this.#w3, this.port, checkZone(zone, describeValue(zone)));
  }

  /** fe80::/10. Such peers need a zone to be reached. */
  get isLinkLocal(): boolean {
    return this.#w0 >>> 22 === 0x3fa;
  }

  /** ::1 */
  get isLoopback(): boolean {
    return this.#w0 === 0 && this.#w1 === 0 && this.#w2 === 0 && this.#w3 === 1;
  }

  /** ff00::/8 */
  get isMulticast(): boolean {
    return this.#w0 >>> 24 === 0xff;
  }

  /** :: */
  get isUnspecified(): boolean {
    return this.#w0 === 0 && this.#w1 === 0 && this.#w2 === 0 && this.#w3 === 0;
  }

  /** ::ffff:0:0/96 (an IPv4 address seen through an IPv6 socket). */
  get isIpv4Mapped(): boolean {
    return this.#w0 === 0 && this.#w1 === 0 && this.#w2 === 0xffff;
  }

  /** `[ip%zone]:port`, with the IP in RFC 5952 form. */
  toString(): string {
    return `[${this.host}]:${this.port}`;
  }

  /** Same as {@link toString}, so addresses serialise readably. */
  toJSON(): string {
    return this.toString();
  }
}
