#!/usr/bin/env node
// The installed command. A committed launcher rather than a bin pointing into dist/: a
// workspace install links bins of workspace packages before anything is built, and one that
// points at a file that does not exist yet fails to link (with a warning on a fresh clone).
import "../dist/cli.js";
