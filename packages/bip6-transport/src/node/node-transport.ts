import { NodeDatagramPort, type NodeDatagramPortOptions } from "@bip6/bip6-socket";
import { Bip6TransportError } from "../errors.js";
import type { Bip6TransportOptions } from "../options.js";
import { checkOptions, checkScopes, DEFAULTS } from "../resolve-options.js";
import { Bip6Transport as PortableTransport } from "../transport.js";

/** The `NodeDatagramPort` options the opener derives from the transport's. */
export function nodePortOptions(options: Bip6TransportOptions): NodeDatagramPortOptions {
  if (typeof options.interface !== "string" || options.interface.length === 0) {
    throw new Bip6TransportError(
      "INVALID_OPTION",
      'interface is required to open a socket (e.g. "eth0", or "lo" for ::1), or pass an open datagramPort',
    );
  }
  const portOptions: NodeDatagramPortOptions = {
    interface: options.interface,
    port: options.port ?? DEFAULTS.port,
    scope: options.multicastScope ?? DEFAULTS.multicastScope,
    // Other stacks broadcast on other scopes (the C stack on ff05): receive on those too.
    joinScopes: checkScopes(options.joinScopes ?? DEFAULTS.joinScopes, "joinScopes"),
  };
  if (options.address !== undefined) portOptions.address = options.address;
  return portOptions;
}

/**
 * The Node.js `Bip6Transport`: everything of the browser-safe one, and an `open()` that opens
 * a `NodeDatagramPort` (IPv6 UDP on `interface`, `port`, `multicastScope`, `joinScopes`) when
 * no `datagramPort` is given. The transport owns a port it opened and closes it on `close()`.
 *
 * @example
 * ```ts
 * import { Bip6Transport } from "@bip6/bip6-transport/node";
 * const t = await Bip6Transport.open({ interface: "eth0", vmac: { deviceInstance: 1234 } });
 * ```
 */
export class Bip6Transport extends PortableTransport {
  /**
   * Opens a transport. With `datagramPort` this is the browser-safe `open()`; without, a
   * `NodeDatagramPort` is opened first (its errors — `ADDRESS_IN_USE`, `UNKNOWN_INTERFACE`,
   * `NO_IPV6` … — reject as they are, `DatagramPortError`s) and closed again if anything after
   * it fails or `signal` aborts meanwhile.
   */
  static override async open(options: Bip6TransportOptions): Promise<Bip6Transport> {
    const settings = checkOptions(options);
    if (options.datagramPort !== undefined) {
      return this.openOn(options.datagramPort, options, options.ownsPort ?? false, settings) as Bip6Transport;
    }
    if (options.ownsPort === false) {
      throw new Bip6TransportError(
        "INVALID_OPTION",
        "ownsPort: false needs a datagramPort: a port the transport opens, it closes",
      );
    }
    const portOptions = nodePortOptions(options);
    if (settings.signal?.aborted === true) {
      throw new Bip6TransportError("ABORTED", "open() was aborted", { cause: settings.signal.reason });
    }
    const port = await NodeDatagramPort.open(portOptions);
    try {
      return this.openOn(port, options, true, settings) as Bip6Transport;
    } catch (e) {
      await port.close();
      throw e;
    }
  }
}
