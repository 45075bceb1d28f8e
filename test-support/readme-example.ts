import { formatWithOptions } from "node:util";

/**
 * Helpers that keep README examples honest: a test pulls the example out of the README, runs
 * it as is (its `import { … } from "pkg"` lines are bound to modules the test passes in) and
 * compares what it printed with what the README says it prints.
 */

type AsyncBody = (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => AsyncBody;

/** The first ```ts block after the line `heading` (e.g. "## Example"); throws when there is none. */
export function readmeCode(readme: string, heading = "## Example"): string {
  const at = readme.indexOf(`${heading}\n`);
  const code = at < 0 ? undefined : /```ts\n([\s\S]*?)```/.exec(readme.slice(at))?.[1];
  if (code === undefined) throw new Error(`README has no \`\`\`ts block under "${heading}"`);
  return code;
}

/** The ```text block that follows "It prints:" after `heading`, as lines. */
export function readmePrintedBlock(readme: string, heading: string): string[] {
  const at = readme.indexOf(`${heading}\n`);
  const block = at < 0 ? undefined : /```ts\n[\s\S]*?```\s*It prints:\s*```text\n([\s\S]*?)```/.exec(readme.slice(at));
  if (block?.[1] === undefined) throw new Error(`README has no "It prints:" block under "${heading}"`);
  return block[1].trimEnd().split("\n");
}

/** What every `console.log(…); // expected` line of `code` promises to print, in order. */
export function commentExpectations(code: string): string[] {
  return code
    .split("\n")
    .filter((line) => line.includes("console.log(") && line.includes("); // "))
    .map((line) => line.slice(line.indexOf("); // ") + 6));
}

/**
 * Runs `code` (top-level `await` allowed) with its named imports taken from `modules` (a default
 * import takes the module's `default`), and
 * returns the lines it printed with `console.log`, formatted as Node would on one line.
 */
export async function runReadmeExample(code: string, modules: Readonly<Record<string, unknown>>): Promise<string[]> {
  const known = (from: string): string => {
    if (!(from in modules)) throw new Error(`README example imports "${from}", which the test did not provide`);
    return `modules[${JSON.stringify(from)}]`;
  };
  const body = code
    .replace(
      /^import \{([^}]*)\} from "([^"]+)";$/gm,
      (_m, names: string, from: string) => `const {${names}} = ${known(from)};`,
    )
    // A default import binds the module's `default` (for a CommonJS package, its `exports` object).
    .replace(
      /^import ([A-Za-z_$][\w$]*) from "([^"]+)";$/gm,
      (_m, name: string, from: string) => `const ${name} = ${known(from)}.default;`,
    );
  const printed: string[] = [];
  const log = (...args: unknown[]): void => {
    printed.push(formatWithOptions({ breakLength: Infinity }, ...args));
  };
  await new AsyncFunction("modules", "console", body)(modules, { log });
  return printed;
}
