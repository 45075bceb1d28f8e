import { libraryBuild } from "../../tsup.shared.ts";

// A second entry so browsers can take the in-memory network without node:dgram.
export default libraryBuild(["src/index.ts", "src/memory.ts"]);
