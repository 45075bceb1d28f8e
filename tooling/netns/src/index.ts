/**
 * Test helper: multi-host IPv6 topologies in Linux network namespaces — hosts, links (bridges
 * in a hidden switch namespace), veth pairs, routers — plus node child processes inside them
 * spoken to over IPC. Nothing is created in the root namespace.
 *
 * @packageDocumentation
 */
export { netnsSupport, requireNetns, type NetnsSupport } from "./support.js";
export { createTopology, withTopology } from "./topology.js";
export { cleanupLeftovers } from "./leftovers.js";
export { childInput, onParentMessage, reply, replyAndExit } from "./child.js";
export { NetnsError, type NetnsErrorCode, type NetnsErrorDetails } from "./errors.js";
export { LIMITS } from "./plan.js";
export type {
  Host,
  HostInterface,
  HostSpec,
  InterfaceSpec,
  LinkSpec,
  NodeChild,
  RouterSpec,
  Topology,
  TopologyLink,
  TopologyOptions,
  TopologySpec,
} from "./types.js";
