/**
 * `@bip6/bip6-transport/node`: everything of the main entry, plus the Node.js seam — a
 * {@link Bip6Transport} whose `open()` opens a `NodeDatagramPort` (a real IPv6 UDP socket on
 * `interface`) when no `datagramPort` is injected. The only part of the package that needs Node.
 *
 * @packageDocumentation
 * @module @bip6/bip6-transport/node
 */
export * from "./index.js";
export { Bip6Transport, nodePortOptions } from "./node/node-transport.js";
