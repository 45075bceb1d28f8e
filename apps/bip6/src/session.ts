/**
 * One run of `bip6 node|bbmd|fd`: opens the transport, prints every event and received NPDU,
 * sends what `--send` and `--stdin` ask for, stops on `--seconds`, a signal, `stop` or the end
 * of `--stdin` input, closes the transport (a foreign device deletes its FDT entry first) and
 * prints the statistics as the last line.
 *
 * @module
 */
import { Bip6Transport, type Bip6TransportEvents, type Bip6TransportOptions } from "@bip6/bip6-transport/node";
import { formatVmac, isBip6Error } from "@bip6/bvll6-codec";
import { type Command, type CommandId, parseCommand } from "./commands.js";
import { formatDestination } from "./destination.js";
import { toJsonValue } from "./json-value.js";
import { MAX_COMMAND_LINE, readLines, type TextSource } from "./line-reader.js";
import type { RunOptions, SendSpec } from "./parse.js";
import { type RecordStream, RecordWriter } from "./record-writer.js";
import {
  eventRecord,
  type OutputRecord,
  performanceWallClock,
  PRINTED_EVENTS,
  record,
  resultCodeText,
  SCHEMA_VERSION,
  type WallClock,
} from "./records.js";
import { type LineSink, stderrLogger } from "./stderr-logger.js";
import { transportOptions } from "./transport-options.js";

/** Why a run stopped (the `reason` of the `stopping` record). */
export type StopReason = "seconds" | "signal" | "command" | "stdin-closed" | "output-closed";

/** The process around a run. */
export interface SessionIo {
  /** Commands, with `--stdin`. */
  readonly stdin: TextSource;
  /** The JSON Lines records. */
  readonly stdout: RecordStream;
  /** The one-line failure message, and `--log` lines. */
  readonly stderr: LineSink;
  /** Aborted by SIGINT / SIGTERM; its `reason` may name the signal. */
  readonly signal?: AbortSignal;
}

/** What tests replace. */
export interface SessionDeps {
  /** Opens the transport. Default `Bip6Transport.open` of `@bip6/bip6-transport/node`. */
  readonly open?: (options: Bip6TransportOptions) => Promise<Bip6Transport>;
  /** Clock readings to wall-clock text. */
  readonly wall?: WallClock;
}

/** The one line printed on stderr when the transport cannot be opened. */
export function openFailureLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = isBip6Error(error) ? ` (${error.code})` : "";
  return `bip6: cannot start: ${message.replace(/\s*\n\s*/g, " ")}${code}`;
}

function signalName(signal: AbortSignal): string | undefined {
  const reason: unknown = signal.reason;
  return typeof reason === "string" && reason.startsWith("SIG") ? reason : undefined;
}

/** Runs one session; resolves the exit code (0 clean stop, 1 the transport could not be opened). */
export async function runSession(o: RunOptions, io: SessionIo, deps: SessionDeps = {}): Promise<number> {
  const open = deps.open ?? ((options: Bip6TransportOptions) => Bip6Transport.open(options));
  const wall = deps.wall ?? performanceWallClock;
  const logger = o.log === undefined ? undefined : stderrLogger(o.log, io.stderr);

  let transport: Bip6Transport;
  try {
    transport = await open(transportOptions(o, logger));
  } catch (e) {
    io.stderr.write(`${openFailureLine(e)}\n`);
    return 1;
  }
  const t = transport;

  const out = new RecordWriter(io.stdout);
  const counters = { commands: 0, commandErrors: 0, sends: 0 };
  let stopReason: StopReason | undefined;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const stop = (reason: StopReason): void => {
    if (stopReason !== undefined) return;
    stopReason = reason;
    wake();
  };
  out.onClosed = () => stop("output-closed");

  for (const name of PRINTED_EVENTS) {
    t.on(name, (event: Bip6TransportEvents[typeof name]) => out.write(eventRecord(name, event, wall)));
  }

  const stats = t.stats();
  out.write(
    record("ready", {
      schema: SCHEMA_VERSION,
      role: t.role,
      vmac: formatVmac(t.vmac),
      probing: stats.transport.vmac.probing,
      address: t.localAddress.toString(),
      interface: o.interface,
      multicastScope: o.scope,
      joinScopes: o.joinScopes === undefined ? undefined : [...o.joinScopes],
      bdt: o.role === "bbmd" ? [...o.bdt] : undefined,
      acceptForeignDevices: o.role === "bbmd" ? o.acceptForeignDevices : undefined,
      bbmd: o.role === "fd" ? o.bbmd : undefined,
      ttl: o.role === "fd" ? (t.registration()?.timeToLive ?? o.ttl) : undefined,
    }),
  );

  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>): void => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const failed = (
    type: "send-failed" | "resolve-failed",
    e: unknown,
    fields: Record<string, string | number | undefined>,
  ): OutputRecord => {
    const code = isBip6Error(e) ? e.code : "FAILED";
    return record(type, { ...fields, code, message: e instanceof Error ? e.message : String(e) });
  };

  const send = (spec: SendSpec, id: CommandId): void => {
    counters.sends++;
    const to = formatDestination(spec.to);
    const d = spec.to;
    const call =
      d.kind === "broadcast"
        ? t.sendBroadcast(spec.npdu)
        : t.sendUnicast(spec.npdu, d.kind === "vmac" ? d.vmac : d.address);
    track(
      call.then(
        () => out.write(record("sent", { to, length: spec.npdu.length, id })),
        (e: unknown) => out.write(failed("send-failed", e, { to, id })),
      ),
    );
  };

  const status = (id: CommandId): OutputRecord => {
    const s = t.stats();
    const reg = t.registration();
    const bbmd = t.bbmd();
    return record("status", {
      id,
      role: t.role,
      vmac: formatVmac(t.vmac),
      probing: s.transport.vmac.probing,
      address: t.localAddress.toString(),
      peers: t.peers().map((p) => ({
        vmac: formatVmac(p.vmac),
        address: p.address.toString(),
        ageMs: Math.round(p.ageMs),
        pinned: p.pinned,
      })),
      registration:
        reg === undefined
          ? undefined
          : {
              state: reg.state,
              bbmd: reg.bbmd.toString(),
              ttl: reg.timeToLive,
              queuedBroadcasts: reg.queuedBroadcasts,
              ...(reg.lastConfirmedAt === undefined ? {} : { lastConfirmedAt: wall(reg.lastConfirmedAt) }),
              ...(reg.lastRefusal === undefined
                ? {}
                : {
                    lastRefusal: {
                      resultCode: resultCodeText(reg.lastRefusal.resultCode),
                      at: wall(reg.lastRefusal.at),
                    },
                  }),
            },
      bdt: bbmd === undefined ? undefined : bbmd.bdt.map((e) => e.address.toString()),
      fdt:
        bbmd === undefined
          ? undefined
          : bbmd.fdt.map((e) => ({
              address: e.address.toString(),
              vmac: formatVmac(e.vmac),
              ttl: e.timeToLive,
              remainingSeconds: e.remainingSeconds,
            })),
    });
  };

  const statsRecord = (final: boolean, id: CommandId): OutputRecord => {
    const s = toJsonValue(t.stats()) as Record<string, ReturnType<typeof toJsonValue>>;
    return record("stats", {
      id,
      final,
      ...s,
      cli: { records: out.written, droppedRecords: out.dropped, ...counters },
    });
  };

  const execute = (c: Command): void => {
    switch (c.cmd) {
      case "send":
        send(c, c.id);
        return;
      case "resolve": {
        const address = c.address.toString();
        track(
          t.resolveVmac(c.address).then(
            (vmac) => out.write(record("resolved", { address, vmac: formatVmac(vmac), id: c.id })),
            (e: unknown) => out.write(failed("resolve-failed", e, { address, id: c.id })),
          ),
        );
        return;
      }
      case "status":
        out.write(status(c.id));
        return;
      case "stats":
        out.write(statsRecord(false, c.id));
        return;
      case "stop":
        stop("command");
        return;
    }
  };

  const onLine = (line: string | undefined): void => {
    if (stopReason !== undefined) return;
    const c =
      line === undefined
        ? { error: `line longer than ${MAX_COMMAND_LINE} characters`, id: undefined }
        : parseCommand(line);
    if (c === undefined) return;
    counters.commands++;
    if ("error" in c) {
      counters.commandErrors++;
      out.write(record("command-error", { message: c.error, id: c.id }));
      return;
    }
    try {
      execute(c);
    } catch (e) {
      // Calls report failures through their promises; this is a last guard for the process.
      counters.commandErrors++;
      out.write(record("command-error", { message: e instanceof Error ? e.message : String(e), id: c.id }));
    }
  };

  const timers: ReturnType<typeof setTimeout>[] = [];
  let stopReading: (() => void) | undefined;
  const signal = io.signal;
  const onAbort = (): void => stop("signal");
  if (signal?.aborted === true) stop("signal");
  signal?.addEventListener("abort", onAbort, { once: true });
  if (o.seconds !== undefined) timers.push(setTimeout(() => stop("seconds"), o.seconds * 1000));

  for (const spec of o.sends) send(spec, undefined);
  let repeat: ReturnType<typeof setInterval> | undefined;
  if (o.sendEveryMs !== undefined) {
    repeat = setInterval(() => {
      for (const spec of o.sends) send(spec, undefined);
    }, o.sendEveryMs);
  }
  if (o.stdin && stopReason === undefined) stopReading = readLines(io.stdin, onLine, () => stop("stdin-closed"));

  await stopped;

  for (const timer of timers) clearTimeout(timer);
  if (repeat !== undefined) clearInterval(repeat);
  signal?.removeEventListener("abort", onAbort);
  stopReading?.();
  const name = signal?.aborted === true ? signalName(signal) : undefined;
  out.write(
    record("stopping", { reason: stopReason as StopReason, signal: stopReason === "signal" ? name : undefined }),
  );
  await t.close();
  // Calls still waiting were rejected with CLOSED by close(): print them before the last line.
  while (pending.size > 0) await Promise.allSettled([...pending]);
  out.write(statsRecord(true, undefined));
  return 0;
}
