/**
 * Commands on standard input (`--stdin`): one per line, as a JSON object
 * (`{"cmd":"send","npdu":"0120ffff00ff1008","to":"broadcast","id":1}`) or as text
 * (`send 0120ffff00ff1008 broadcast`). `id` (JSON only: a string or a number) is copied into
 * the records that answer the command.
 *
 * @module
 */
import { Bip6Address } from "@bip6/bvll6-codec";
import { type Destination, parseDestination } from "./destination.js";
import { parseNpduHex } from "./npdu-hex.js";

/** A command's optional correlation id. */
export type CommandId = string | number | undefined;

/** One parsed command. */
export type Command =
  | { readonly cmd: "send"; readonly npdu: Uint8Array; readonly to: Destination; readonly id: CommandId }
  | { readonly cmd: "resolve"; readonly address: Bip6Address; readonly id: CommandId }
  | { readonly cmd: "status" | "stats" | "stop"; readonly id: CommandId };

/** A line that is no command: why, and its id if it had a usable one. */
export interface CommandError {
  /** One line. */
  readonly error: string;
  /** The id, when the line carried a valid one. */
  readonly id: CommandId;
}

/** The command names, for messages. */
export const COMMAND_NAMES = ["send", "resolve", "status", "stats", "stop"] as const;

function build(fields: Readonly<Record<string, unknown>>, id: CommandId): Command | CommandError {
  const cmd = fields.cmd;
  const err = (error: string): CommandError => ({ error, id });
  switch (cmd) {
    case "send": {
      if (typeof fields.npdu !== "string") return err('send needs "npdu": the NPDU in hex');
      if (typeof fields.to !== "string") return err('send needs "to": a VMAC, [ipv6]:port or broadcast');
      const npdu = parseNpduHex(fields.npdu);
      if (!(npdu instanceof Uint8Array)) return err(`send: ${npdu.error}`);
      const to = parseDestination(fields.to);
      if ("error" in to) return err(`send: ${to.error}`);
      return { cmd, npdu, to, id };
    }
    case "resolve": {
      if (typeof fields.address !== "string") return err('resolve needs "address": [ipv6]:port');
      try {
        return { cmd, address: Bip6Address.parse(fields.address), id };
      } catch {
        return err(`resolve: ${JSON.stringify(fields.address)} is not a B/IPv6 address like [fd00::2]:47808`);
      }
    }
    case "status":
    case "stats":
    case "stop":
      return { cmd, id };
    default:
      return err(`unknown command ${JSON.stringify(cmd)}: use ${COMMAND_NAMES.join(", ")}`);
  }
}

function fromJson(line: string): Command | CommandError {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: "not valid JSON", id: undefined };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: 'a command is a JSON object like {"cmd":"status"}', id: undefined };
  }
  const fields = value as Record<string, unknown>;
  const id = fields.id;
  if (id !== undefined && typeof id !== "string" && !(typeof id === "number" && Number.isFinite(id))) {
    return { error: '"id" must be a string or a number', id: undefined };
  }
  return build(fields, id);
}

function fromText(line: string): Command | CommandError {
  const [cmd, ...args] = line.split(/\s+/);
  switch (cmd) {
    case "send":
      if (args.length !== 2) return { error: "usage: send HEX DEST", id: undefined };
      return build({ cmd, npdu: args[0], to: args[1] }, undefined);
    case "resolve":
      if (args.length !== 1) return { error: "usage: resolve [ipv6]:port", id: undefined };
      return build({ cmd, address: args[0] }, undefined);
    default:
      if (args.length !== 0) return { error: `usage: ${String(cmd)}`, id: undefined };
      return build({ cmd }, undefined);
  }
}

/** Parses one line; `undefined` for a blank line (ignored). */
export function parseCommand(line: string): Command | CommandError | undefined {
  const t = line.trim();
  if (t.length === 0) return undefined;
  return t.startsWith("{") || t.startsWith("[") ? fromJson(t) : fromText(t);
}
