import type { BacnetDecode, DecodedField } from "../../src/bacnet/index.js";
import { FRAMES, type TestFrame } from "./frames.js";

/** Every field of the tree in document order (depth first). */
export function flatten(fields: readonly DecodedField[], out: DecodedField[] = []): DecodedField[] {
  for (const f of fields) {
    out.push(f);
    if (f.children !== undefined) flatten(f.children, out);
  }
  return out;
}

/** All fields named `name`. */
export function fieldsNamed(d: BacnetDecode, name: string): DecodedField[] {
  return flatten(d.fields).filter((f) => f.name === name);
}

/** The first field named `name`; throws when there is none (so a test says which one is missing). */
export function field(d: BacnetDecode, name: string): DecodedField {
  const f = fieldsNamed(d, name)[0];
  if (f === undefined)
    throw new Error(
      `no field ${name} in ${flatten(d.fields)
        .map((x) => x.name)
        .join(", ")}`,
    );
  return f;
}

/** The test frame called `name`. */
export function frame(name: string): TestFrame {
  const f = FRAMES.find((x) => x.name === name);
  if (f === undefined) throw new Error(`no test frame "${name}"`);
  return f;
}
