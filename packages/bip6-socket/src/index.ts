/**
 * The one I/O seam of bip6: `DatagramPort` (send, multicast, receive with unicast/multicast
 * origin, taps, close), implemented over `node:dgram` by `NodeDatagramPort` (IPv6 only,
 * explicit interface, group joined on it) and in memory by `MemoryNetwork` (links, hosts,
 * seeded loss / duplication / reordering / delay) for deterministic tests.
 *
 * @packageDocumentation
 */
export * from "./memory.js";
export { NodeDatagramPort, type NodeDatagramPortOptions } from "./node-port.js";
export {
  type InterfaceAddressInfo,
  type InterfaceTable,
  type SelectedInterface,
  selectInterface,
} from "./node-interfaces.js";
