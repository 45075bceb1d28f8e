/**
 * A Uint8Array of another JavaScript realm (an iframe in the browser, a `vm` context in
 * Node), whose `instanceof Uint8Array` is false in this realm.
 */
export async function otherRealmUint8Array(values: readonly number[]): Promise<Uint8Array> {
  if (typeof document !== "undefined") {
    const frame = document.createElement("iframe");
    document.body.appendChild(frame);
    const Foreign = (frame.contentWindow as unknown as { Uint8Array: Uint8ArrayConstructor }).Uint8Array;
    return new Foreign(values);
  }
  // A computed specifier, so the browser bundle never tries to resolve a Node built-in.
  const vm = (await import(/* @vite-ignore */ ["node", "vm"].join(":"))) as {
    runInNewContext(code: string): unknown;
  };
  return vm.runInNewContext(`new Uint8Array(${JSON.stringify(values)})`) as Uint8Array;
}
