import { ipv6Text } from "../decode/ipv6-text.js";
import { be16 } from "../pcap/bytes.js";

/** `[ip]:port` of the 16 octets at `at` and a port: the key every table uses. */
export function endpointKey(d: Uint8Array, at: number, port: number): string {
  return `[${ipv6Text(d, at)}]:${port}`;
}

/** `[ip]:port` of the 18-octet B/IPv6 address at `at`. */
export function bip6Key(d: Uint8Array, at: number): string {
  return endpointKey(d, at, be16(d, at + 16));
}

/** fe80::/10. */
export function isLinkLocalAt(d: Uint8Array, at: number): boolean {
  return d[at] === 0xfe && ((d[at + 1] as number) & 0xc0) === 0x80;
}

/** `::1` or `::`. */
export function isLoopbackOrUnspecifiedAt(d: Uint8Array, at: number): boolean {
  for (let i = 0; i < 15; i++) if (d[at + i] !== 0) return false;
  return d[at + 15] === 1 || d[at + 15] === 0;
}

/** ffXX::/8. */
export function isMulticastAt(d: Uint8Array, at: number): boolean {
  return d[at] === 0xff;
}

/** A unicast address a real node may use: ULA fc00::/7, link-local fe80::/10, global 2000::/3. */
export function isPlausibleUnicastAt(d: Uint8Array, at: number): boolean {
  const a = d[at] as number;
  return (a & 0xfe) === 0xfc || isLinkLocalAt(d, at) || (a & 0xe0) === 0x20;
}
