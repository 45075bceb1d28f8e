import type { Bip6Address } from "@bip6/bvll6-codec";
import { type DatagramPort, NodeDatagramPort } from "../src/index.js";
import { type GroupOptions, runComplianceSuite } from "./compliance.js";

// On ::1 only (interface lo): nothing leaves the machine. Multicast needs two hosts on a
// real link, which the netns tests provide.
runComplianceSuite(
  "NodeDatagramPort on ::1",
  async () => {
    const opened: DatagramPort[] = [];
    const open = async (address?: Bip6Address): Promise<DatagramPort> => {
      const port = await NodeDatagramPort.open({
        interface: "lo",
        port: address?.port ?? 0,
        ...(address === undefined ? {} : { address: address.ip }),
      });
      opened.push(port);
      return port;
    };
    const a = await open();
    const b = await open();
    const openWith = async (options: GroupOptions): Promise<DatagramPort> => {
      const port = await NodeDatagramPort.open({ interface: "lo", port: 0, ...options });
      opened.push(port);
      return port;
    };
    return {
      a,
      b,
      openAt: open,
      openWith,
      dispose: async () => {
        await Promise.all(opened.map((p) => p.close()));
      },
    };
  },
  { multicast: false },
);
