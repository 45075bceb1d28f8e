import { libraryBuild } from "../../tsup.shared.ts";

// Two entries: the browser-safe transport, and `/node` with the NodeDatagramPort opener.
export default libraryBuild(["src/index.ts", "src/node.ts"]);
