import { VmacCacheError } from "../src/index.js";

/**
 * The `code` of the {@link VmacCacheError} that `fn` throws, or `undefined` when it throws
 * nothing. Any other error is rethrown, so it fails the test.
 */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof VmacCacheError) return e.code;
    throw e;
  }
  return undefined;
}
