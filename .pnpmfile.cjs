// pnpm hooks. beforePacking shapes the package.json that `pnpm pack` / `pnpm publish` (and so
// `changeset publish`) put into a tarball: development-only fields stay in the workspace.
// scripts/manifests.mjs derives the rest of the published shape (publishConfig.exports without
// the workspace-only "@bip6/source" condition); scripts/package-check.mjs verifies the tarballs.
"use strict";
/* global module */

/** Fields a consumer of a published package never needs and that name workspace-only packages. */
const DEVELOPMENT_ONLY = ["devDependencies", "scripts", "typedocOptions"];

module.exports = {
  hooks: {
    beforePacking(pkg) {
      for (const field of DEVELOPMENT_ONLY) delete pkg[field];
      return pkg;
    },
  },
};
