import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../src/commands.ts";
import { MAX_COMMAND_LINE, readLines } from "../src/line-reader.ts";

describe("stdin commands", () => {
  it("JSON: send, resolve, status, stats, stop, each with its id", () => {
    const send = parseCommand('{"cmd":"send","npdu":"0120ffff00ff1008","to":"broadcast","id":7}');
    expect(send).toMatchObject({ cmd: "send", to: { kind: "broadcast" }, id: 7 });
    expect(send !== undefined && "npdu" in send && Array.from(send.npdu)).toEqual([
      1, 0x20, 0xff, 0xff, 0, 0xff, 0x10, 8,
    ]);
    expect(parseCommand('{"cmd":"send","npdu":"0100","to":"0004d2"}')).toMatchObject({
      to: { kind: "vmac", vmac: 1234 },
      id: undefined,
    });
    const resolve = parseCommand('{"cmd":"resolve","address":"[fd00::2]:47809","id":"r1"}');
    expect(resolve !== undefined && "address" in resolve && resolve.address.toString()).toBe("[fd00::2]:47809");
    expect(parseCommand('{"cmd":"status","id":"s"}')).toEqual({ cmd: "status", id: "s" });
    expect(parseCommand('  {"cmd":"stats"}  ')).toEqual({ cmd: "stats", id: undefined });
    expect(parseCommand('{"cmd":"stop"}')).toEqual({ cmd: "stop", id: undefined });
  });

  it("text: the same commands without JSON; blank lines are nothing", () => {
    expect(parseCommand("send 0100 [::1]:9")).toMatchObject({ cmd: "send", to: { kind: "address" } });
    expect(parseCommand("resolve [::1]:9")).toMatchObject({ cmd: "resolve" });
    expect(parseCommand("status")).toEqual({ cmd: "status", id: undefined });
    expect(parseCommand("stop\r")).toEqual({ cmd: "stop", id: undefined });
    expect(parseCommand("   ")).toBeUndefined();
  });

  it("mistakes become one-line errors, keeping a valid id", () => {
    const cases: [string, string, unknown][] = [
      ["{not json", "not valid JSON", undefined],
      ["[1,2]", 'a command is a JSON object like {"cmd":"status"}', undefined],
      ['{"cmd":"status","id":{}}', '"id" must be a string or a number', undefined],
      ['{"cmd":"fly","id":3}', 'unknown command "fly": use send, resolve, status, stats, stop', 3],
      ['{"cmd":"send","to":"broadcast","id":4}', 'send needs "npdu": the NPDU in hex', 4],
      ['{"cmd":"send","npdu":"01"}', 'send needs "to": a VMAC, [ipv6]:port or broadcast', undefined],
      [
        '{"cmd":"send","npdu":"0x1","to":"broadcast"}',
        'send: "0x1" is not an NPDU in hex (an even number of hex digits, e.g. 0120ffff00ff1008)',
        undefined,
      ],
      [
        '{"cmd":"send","npdu":"01","to":"nobody"}',
        'send: "nobody" is not a destination: give a VMAC (six hex digits, e.g. 0004d2), [ipv6]:port or broadcast',
        undefined,
      ],
      ['{"cmd":"resolve"}', 'resolve needs "address": [ipv6]:port', undefined],
      ['{"cmd":"resolve","address":"x"}', 'resolve: "x" is not a B/IPv6 address like [fd00::2]:47808', undefined],
      ["send 0100", "usage: send HEX DEST", undefined],
      ["status now", "usage: status", undefined],
      ["dance", 'unknown command "dance": use send, resolve, status, stats, stop', undefined],
    ];
    for (const [input, error, id] of cases) expect(parseCommand(input), input).toEqual({ error, id });
  });
});

class FakeInput extends EventEmitter {
  destroyed = false;
  destroy(): void {
    this.destroyed = true;
    this.emit("close");
  }
}

describe("readLines", () => {
  it("splits chunks into lines across boundaries, drops \\r, flushes the last line at the end", () => {
    const input = new FakeInput();
    const lines: (string | undefined)[] = [];
    let ended = 0;
    readLines(
      input as never,
      (l) => lines.push(l),
      () => ended++,
    );
    input.emit("data", "sta");
    input.emit("data", "tus\r\nstats\n\nst");
    input.emit("data", Buffer.from("op"));
    input.emit("end");
    input.emit("close");
    expect(lines).toEqual(["status", "stats", "", "stop"]);
    expect(ended).toBe(1);
  });

  it("a line over the cap is reported once as undefined, never held, and the next line is read", () => {
    const input = new FakeInput();
    const lines: (string | undefined)[] = [];
    readLines(
      input as never,
      (l) => lines.push(l),
      () => {},
    );
    const chunk = "x".repeat(MAX_COMMAND_LINE / 4);
    for (let i = 0; i < 10; i++) input.emit("data", chunk);
    input.emit("data", "tail\nstatus\n");
    expect(lines).toEqual([undefined, "status"]);
  });

  it("the returned stop ends reading without calling onEnd", () => {
    const input = new FakeInput();
    let ended = 0;
    const lines: (string | undefined)[] = [];
    const stop = readLines(
      input as never,
      (l) => lines.push(l),
      () => ended++,
    );
    stop();
    input.emit("data", "status\n");
    expect(input.destroyed).toBe(true);
    expect(lines).toEqual([]);
    expect(ended).toBe(0);
  });
});
