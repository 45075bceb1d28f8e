import bacnet from "@bacnet-js/client";

/**
 * The client class. The package is CommonJS with `exports.default`: vitest's interop hands the
 * class to a default import, Node's ESM loader (and tsx, which runs the namespace fixtures)
 * hands the whole `exports` object, whose `.default` is the class.
 */
export const BacnetClient: typeof bacnet = (bacnet as unknown as { default?: typeof bacnet }).default ?? bacnet;

/** One client instance. */
export type BacnetClientInstance = InstanceType<typeof bacnet>;

/**
 * The arguments of the next `name` event of a client (its typed emitter does not fit
 * `events.once`'s signature). Unlike `events.once` it does not reject on `error`.
 */
export function nextEvent<T extends unknown[] = unknown[]>(client: BacnetClientInstance, name: string): Promise<T> {
  const emitter = client as unknown as { once(name: string, listener: (...args: unknown[]) => void): unknown };
  return new Promise((resolve) => emitter.once(name, (...args) => resolve(args as T)));
}
