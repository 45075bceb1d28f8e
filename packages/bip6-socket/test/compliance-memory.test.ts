import type { Bip6Address } from "@bip6/bvll6-codec";
import { type DatagramPort, MemoryNetwork } from "../src/index.js";
import { type GroupOptions, runComplianceSuite } from "./compliance.js";

runComplianceSuite(
  "MemoryNetwork port",
  () => {
    const net = new MemoryNetwork({ seed: 7 });
    net.addLink("lan");
    const hostA = net.addHost("a", [{ link: "lan" }]);
    const hostB = net.addHost("b", [{ link: "lan" }]);
    const hosts = [hostA, hostB];
    const opened: DatagramPort[] = [];
    const a = net.createPort(hostA, { port: 0 });
    const b = net.createPort(hostB, { port: 0 });
    opened.push(a, b);
    const openAt = (address: Bip6Address): Promise<DatagramPort> => {
      const host = hosts.find((h) => h.interfaces.some((i) => i.address?.sameHost(address)));
      if (host === undefined) return Promise.reject(new Error(`no host has ${address.ip}`));
      try {
        const p = net.createPort(host, { address: address.ip, port: address.port });
        opened.push(p);
        return Promise.resolve(p);
      } catch (e) {
        return Promise.reject(e as Error);
      }
    };
    const openWith = (options: GroupOptions): Promise<DatagramPort> => {
      try {
        const host = net.addHost(`x${hosts.length}`, [{ link: "lan" }]);
        hosts.push(host);
        const p = net.createPort(host, { port: 0, ...options });
        opened.push(p);
        return Promise.resolve(p);
      } catch (e) {
        return Promise.reject(e as Error);
      }
    };
    return Promise.resolve({
      a,
      b,
      openAt,
      openWith,
      dispose: async () => {
        await Promise.all(opened.map((p) => p.close()));
      },
    });
  },
  { multicast: true },
);
