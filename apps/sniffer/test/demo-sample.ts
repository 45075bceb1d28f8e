/**
 * What differs between two runs of the demo, made uniform so that a run can be compared with
 * the README's sample: the ports (numbered in order of first appearance), the times and
 * latencies, and the padding that follows their width.
 */
export function normaliseDemo(text: string): string {
  const ports = new Map<string, string>();
  const port = (n: string): string => {
    if (!ports.has(n)) ports.set(n, `P${ports.size + 1}`);
    return ports.get(n) as string;
  };
  return text
    .replace(/(?<=\[::1\]:|port )\d+/g, port)
    .replace(/^(\s*\d+\s+)\d+\.\d{6} /gm, "$1T ")
    .replace(/\b\d+\.\d{3} (m?s)\b/g, "T $1")
    .replace(/ {2,}/g, " ");
}
