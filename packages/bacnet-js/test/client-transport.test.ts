import { once } from "node:events";
import { Bip6Address, bytesToHex, hexToBytes } from "@bip6/bvll6-codec";
import { describe, expect, it } from "vitest";
import {
  type Bip6BacnetError,
  type Bip6ClientTransport,
  type Bip6Datalink,
  createBip6Transport,
} from "../src/index.ts";
import { BacnetClient, type BacnetClientInstance, nextEvent } from "./support/client.ts";
import { StubDatalink } from "./support/stub-datalink.ts";

// The adapter against a scriptable stub of the transport, driven by the real @bacnet-js/client:
// what the client hands to send(), what it makes of what the adapter emits, and the lifecycle.

const DEVICE = { type: 8, instance: 1234 };
const OBJECT_NAME = 77;

interface Setup {
  stub: StubDatalink;
  transport: Bip6ClientTransport<StubDatalink>;
  client: BacnetClientInstance;
  errors: Error[];
}

async function openClient(options: { role?: Bip6Datalink["role"]; listenErrors?: boolean } = {}): Promise<Setup> {
  const stub = new StubDatalink({ role: options.role ?? "node" });
  const transport = createBip6Transport({ transport: stub });
  const client = new BacnetClient({ transport, apduTimeout: 2000 });
  const errors: Error[] = [];
  if (options.listenErrors !== false) client.on("error", (error) => errors.push(error));
  await nextEvent(client, "listening");
  return { stub, transport, client, errors };
}

function later<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as Bip6BacnetError).code;
  }
  return undefined;
}

function sentHex(stub: StubDatalink): string[] {
  return stub.sent.map((s) => `${s.kind} ${bytesToHex(s.npdu)}`);
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("lifecycle with the client", () => {
  it("the client's constructor opens it; listening comes once the transport is open, not before", async () => {
    const opening = later<Bip6Datalink>();
    const transport = createBip6Transport({ transport: opening.promise });
    expect(transport.state).toBe("idle");
    const client = new BacnetClient({ transport });
    expect(transport.state).toBe("opening");
    let listening = false;
    client.on("listening", () => (listening = true));
    await tick();
    expect(listening).toBe(false);
    const stub = new StubDatalink();
    opening.resolve(stub);
    await nextEvent(client, "listening");
    expect(transport.state).toBe("open");
    expect(transport.datalink).toBe(stub);
    await expect(transport.whenOpen()).resolves.toBe(stub);
    client.close();
  });

  it("holds sends made before listening and sends them, in order, before listening fires", async () => {
    const opening = later<Bip6Datalink>();
    const transport = createBip6Transport({ transport: opening.promise });
    const client = new BacnetClient({ transport });
    client.whoIs();
    client.whoIs({ lowLimit: 1, highLimit: 2 });
    const stub = new StubDatalink();
    let atListening: string[] = [];
    client.on("listening", () => (atListening = sentHex(stub)));
    opening.resolve(stub);
    await nextEvent(client, "listening");
    expect(atListening).toEqual(["broadcast 01001008", "broadcast 0100100809011902"]);
    expect(transport.stats().sendsQueued).toBe(2);
    client.close();
  });

  it("refuses a send beyond maxPendingSends with QUEUE_FULL, thrown at the client call", () => {
    const transport = createBip6Transport({ transport: later<Bip6Datalink>().promise, maxPendingSends: 1 });
    const client = new BacnetClient({ transport });
    client.whoIs();
    expect(codeOf(() => client.whoIs())).toBe("QUEUE_FULL");
    expect(transport.stats().rejected.QUEUE_FULL).toBe(1);
    client.close();
  });

  it("a transport that fails to open reaches the client's error event as OPEN_FAILED, then close", async () => {
    const cause = new Error("EADDRINUSE: [fd00:1::1]:47808 is taken");
    const opening = later<Bip6Datalink>();
    const transport = createBip6Transport({ transport: opening.promise });
    const client = new BacnetClient({ transport });
    const errors: Error[] = [];
    client.on("error", (error) => errors.push(error));
    // (not events.once: it rejects on the error event that comes first)
    const closed = new Promise((resolve) => transport.on("close", () => resolve(undefined)));
    client.whoIs();
    opening.reject(cause);
    await closed;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: "Bip6BacnetError", code: "OPEN_FAILED", cause });
    expect(errors[0]?.message).toContain("EADDRINUSE");
    expect(transport.state).toBe("closed");
    expect(transport.stats().queuedSendsDropped).toBe(1);
    await expect(transport.whenOpen()).rejects.toMatchObject({ code: "OPEN_FAILED" });
    expect(codeOf(() => client.whoIs())).toBe("CLOSED");
  });

  it("close() while opening: no listening, the transport is closed once it opens, close fires once", async () => {
    const opening = later<Bip6Datalink>();
    const transport = createBip6Transport({ transport: opening.promise });
    const client = new BacnetClient({ transport });
    const events: string[] = [];
    transport.on("listening", () => events.push("listening"));
    transport.on("close", () => events.push("close"));
    client.whoIs();
    client.close();
    const stub = new StubDatalink();
    opening.resolve(stub);
    await transport.close();
    expect(events).toEqual(["close"]);
    expect(stub.closeCalls).toBe(1);
    expect(stub.sent).toEqual([]);
    expect(stub.listenerCount("npdu")).toBe(0);
    expect(transport.stats().queuedSendsDropped).toBe(1);
  });

  it("client.close() closes the transport and emits close once; later sends throw CLOSED", async () => {
    const { stub, transport, client } = await openClient();
    let closes = 0;
    transport.on("close", () => closes++);
    client.close();
    await transport.close(); // the same promise: idempotent
    expect(closes).toBe(1);
    expect(stub.closeCalls).toBe(1);
    expect(transport.state).toBe("closed");
    for (const name of ["npdu", "error", "close", "registration"]) expect(stub.listenerCount(name)).toBe(0);
    expect(codeOf(() => transport.send(Buffer.from("810b000801001008", "hex"), 8))).toBe("CLOSED");
  });

  it("follows the transport when it closes by itself (its abort signal, a fatal error)", async () => {
    const { stub, transport } = await openClient();
    const closed = once(transport, "close");
    await stub.close();
    await closed;
    expect(transport.state).toBe("closed");
  });

  it("hands the transport's error events to the client's error event", async () => {
    const { stub, errors } = await openClient();
    const failure = new Error("socket error");
    stub.emit("error", failure);
    expect(errors).toEqual([failure]);
  });

  it("counts errors nobody listens to instead of throwing them (a client without an error listener)", async () => {
    const { stub, transport } = await openClient({ listenErrors: false });
    expect(() => stub.emit("error", new Error("socket error"))).not.toThrow();
    expect(transport.stats().errorsUnheard).toBe(1);
  });
});

describe("outbound: the client's frames become BACnet/IPv6 sends", () => {
  it("Who-Is (0x0b) → sendBroadcast of the NPDU", async () => {
    const { stub, transport, client } = await openClient();
    client.whoIs();
    expect(sentHex(stub)).toEqual(["broadcast 01001008"]);
    expect(transport.stats().broadcastsSent).toBe(1);
  });

  it("a unicast (0x0a) to a VMAC receiver → sendUnicast to that VMAC", async () => {
    const { stub, transport, client } = await openClient();
    client.whoIs({ address: "00162e" });
    expect(stub.sent).toEqual([{ kind: "unicast", npdu: hexToBytes("01001008"), to: 0x00162e }]);
    expect(transport.stats().unicastsSent).toBe(1);
  });

  it("a unicast to [ipv6]:port → sendUnicast to that B/IPv6 address (the client passes it through)", async () => {
    const { stub, client } = await openClient();
    client.whoIs({ address: "[fd00:1::5]:47809" });
    const sent = stub.sent[0];
    expect(sent?.kind).toBe("unicast");
    const to = (sent as { to: Bip6Address }).to;
    expect(to).toBeInstanceOf(Bip6Address);
    expect(to.equals(Bip6Address.parse("[fd00:1::5]:47809"))).toBe(true);
  });

  it("a unicast to getBroadcastAddress() is a broadcast", async () => {
    const { stub, transport, client } = await openClient();
    expect(transport.getBroadcastAddress()).toBe("[ff02::bac0]:47808");
    client.whoIs({ address: transport.getBroadcastAddress() });
    expect(sentHex(stub)).toEqual(["broadcast 01001008"]);
  });

  it("ReadProperty goes out as the client encodes it and resolves from the ComplexACK", async () => {
    const { stub, client } = await openClient();
    const reading = client.readProperty({ address: "0004d2" }, DEVICE, OBJECT_NAME);
    // NPDU 01 04 (expecting reply); confirmed request, segmented response accepted, 65 segments,
    // 1476 octets (0x75), invoke id 0, ReadProperty; object (8,1234), property 77.
    expect(sentHex(stub)).toEqual(["unicast 01040275000c0c020004d2194d"]);
    expect((stub.sent[0] as { to: number }).to).toBe(0x0004d2);
    // ComplexACK, invoke id 0, ReadProperty; object, property, {"dev1"}.
    stub.receive(hexToBytes("0100 30000c 0c020004d2 194d 3e 750500 64657631 3f".replace(/ /g, "")), { vmac: 0x0004d2 });
    const result = await reading;
    expect(result.values[0]?.value).toBe("dev1");
  });

  it("a malformed receiver rejects the client's call at once with BAD_RECEIVER (nothing sent)", async () => {
    const { stub, transport, client } = await openClient();
    await expect(client.readProperty({ address: "192.168.1.10" }, DEVICE, OBJECT_NAME)).rejects.toMatchObject({
      code: "BAD_RECEIVER",
      receiver: "192.168.1.10",
    });
    expect(codeOf(() => client.whoIs({ address: "[ff05::bac0]:47808" }))).toBe("BAD_RECEIVER");
    expect(stub.sent).toEqual([]);
    expect(transport.stats().rejected.BAD_RECEIVER).toBe(2);
  });

  it("a send the transport rejects later reaches the error event as SEND_FAILED, naming the receiver", async () => {
    const { stub, transport, client, errors } = await openClient();
    const cause = new Error("address resolution of 00162e timed out");
    stub.failNextSend = cause;
    client.whoIs({ address: "00162e" });
    await tick();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "SEND_FAILED", receiver: "00162e", cause });
    expect(transport.stats().sendsFailed).toBe(1);
  });

  it("Distribute-Broadcast (whoIsThroughBBMD) is refused on a plain node, thrown at the call", async () => {
    const { stub, transport, client } = await openClient();
    let thrown: Bip6BacnetError | undefined;
    try {
      client.whoIsThroughBBMD({ address: "[fd00:2::1]:47808" });
    } catch (error) {
      thrown = error as Bip6BacnetError;
    }
    expect(thrown).toMatchObject({ name: "Bip6BacnetError", code: "REFUSED_FUNCTION" });
    expect(thrown?.message).toMatch(/role: \{ kind: "foreign-device"/);
    expect(stub.sent).toEqual([]);
    expect(transport.stats().rejected.REFUSED_FUNCTION).toBe(1);
  });

  it.each(["foreign-device", "bbmd"] as const)("Distribute-Broadcast as a %s → sendBroadcast", async (role) => {
    const { stub, transport, client } = await openClient({ role });
    client.whoIsThroughBBMD({ address: "[fd00:2::1]:47808" });
    expect(sentHex(stub)).toEqual(["broadcast 01001008"]);
    expect(transport.stats().distributeBroadcastsSent).toBe(1);
  });

  it("registerForeignDevice() on a plain node rejects with REFUSED_FUNCTION", async () => {
    const { client } = await openClient();
    await expect(client.registerForeignDevice({ address: "bbmd:47808" }, 60)).rejects.toMatchObject({
      code: "REFUSED_FUNCTION",
    });
  });

  it("registerForeignDevice() as a foreign device resolves once the transport's registration succeeds", async () => {
    const { stub, transport, client } = await openClient({ role: "foreign-device" });
    let settled = false;
    const registering = client.registerForeignDevice({ address: "bbmd:47808" }, 60).then(() => (settled = true));
    await tick();
    expect(settled).toBe(false); // the transport is still registering
    stub.setRegistration("registered");
    await registering;
    expect(transport.stats().registrationsAnswered).toBe(1);
    // Once registered, the answer is immediate.
    await client.registerForeignDevice({ address: "bbmd:47808" }, 300);
    expect(stub.sent).toEqual([]); // nothing of it goes on the wire: the transport registers itself
  });

  it("registerForeignDevice() rejects with the client's own error when the BBMD refused the transport", async () => {
    const { stub, client } = await openClient({ role: "foreign-device" });
    const registering = client.registerForeignDevice({ address: "bbmd:47808" }, 60);
    stub.setRegistration("refused");
    await expect(registering).rejects.toThrow(/Result:48/); // Annex J's 0x0030
  });

  it("a Forwarded-NPDU (a receiver with forwardedFrom) is refused, never sent", async () => {
    const { stub, client } = await openClient();
    expect(codeOf(() => client.whoIs({ address: "0004d2", forwardedFrom: "10.0.0.1" }))).toBe("REFUSED_FUNCTION");
    expect(stub.sent).toEqual([]);
  });

  it("BVLC-Result (resultResponse) has no BACnet/IPv6 counterpart for clients: UNSUPPORTED_FUNCTION", async () => {
    const { stub, client } = await openClient();
    expect(codeOf(() => client.resultResponse({ address: "0004d2" }, 0))).toBe("UNSUPPORTED_FUNCTION");
    expect(stub.sent).toEqual([]);
  });

  it("buffers that are not Annex J frames throw MALFORMED_FRAME and are counted", async () => {
    const { stub, transport } = await openClient();
    expect(codeOf(() => transport.send(Buffer.from("820b000801001008", "hex"), 8))).toBe("MALFORMED_FRAME");
    expect(codeOf(() => transport.send(Buffer.from("810b000901001008", "hex"), 8))).toBe("MALFORMED_FRAME");
    expect(codeOf(() => transport.send(Buffer.from("810b", "hex"), 2))).toBe("MALFORMED_FRAME");
    expect(stub.sent).toEqual([]);
    expect(transport.stats().rejected.MALFORMED_FRAME).toBe(3);
  });
});

describe("inbound: received NPDUs reach the client framed and named by VMAC", () => {
  // I-Am of device 1234: max APDU 1476, no segmentation, vendor 15.
  const I_AM = "01001000c4020004d22205c49103210f";

  it("a broadcast I-Am reaches the client's iAm event with the sender's VMAC as its address", async () => {
    const { stub, client } = await openClient();
    const heard = nextEvent(client, "iAm");
    stub.receive(hexToBytes(I_AM), { vmac: 0x0004d2, broadcast: true });
    const [content] = (await heard) as [{ header: { sender: { address: string }; func: number }; payload: unknown }];
    expect(content.header.sender.address).toBe("0004d2");
    expect(content.header.func).toBe(0x0b);
    expect(content.payload).toMatchObject({ deviceId: 1234, maxApdu: 1476, segmentation: 3, vendorId: 15 });
  });

  it("frames unicasts as 0x0a and broadcasts as 0x0b, with the exact length", async () => {
    const { stub, transport } = await openClient();
    const frames: string[] = [];
    transport.on("message", (buffer, from) => frames.push(`${from} ${buffer.toString("hex")}`));
    stub.receive(hexToBytes("01001008"), { vmac: 0x00162e, broadcast: true });
    stub.receive(hexToBytes(I_AM), { vmac: 0x3fffff });
    expect(frames).toEqual(["00162e 810b000801001008", `3fffff 810a0014${I_AM}`]);
    expect(transport.stats()).toMatchObject({ broadcastsReceived: 1, unicastsReceived: 1 });
  });

  it("names a relayed request by its original source, so the reply goes back to that VMAC", async () => {
    const { stub, client } = await openClient();
    client.on("whoIs", (content) => client.iAmResponse(content.header?.sender ?? {}, 1234, 3, 15));
    // A Who-Is a BBMD relayed: the transport reports the original source (VMAC 0x00162e at fd00:2::9).
    stub.receive(hexToBytes("01001008"), { vmac: 0x00162e, address: "[fd00:2::9]:47808", broadcast: true });
    expect(stub.sent).toEqual([{ kind: "unicast", npdu: hexToBytes(I_AM), to: 0x00162e }]);
  });

  it("a client handler that throws is caught and counted (CLIENT_FAILED), never crashes the transport", async () => {
    const { stub, transport, client, errors } = await openClient();
    client.on("iAm", () => {
      throw new Error("application bug");
    });
    expect(() => stub.receive(hexToBytes(I_AM), { vmac: 0x0004d2, broadcast: true })).not.toThrow();
    expect(transport.stats().clientFailures).toBe(1);
    expect(errors[0]).toMatchObject({ code: "CLIENT_FAILED", receiver: "0004d2" });
  });
});

describe("sizes", () => {
  it("advertises Max-APDU 1476 in the client's I-Am (getMaxPayload feeds it)", async () => {
    const { stub, transport, client } = await openClient();
    expect(transport.getMaxPayload()).toBe(1476);
    client.iAmResponse({}, 1234, 3, 15); // no address: a broadcast
    expect(sentHex(stub)).toEqual([`broadcast ${I_AM_OF_1234}`]);
  });

  it("the largest response the client can build is a 1476-octet frame (NPDU 1472); one octet more is refused", async () => {
    const { stub, client } = await openClient();
    const respond = (length: number): void =>
      client.readPropertyResponse({ address: "00162e" }, 7, DEVICE, { id: OBJECT_NAME, index: 0xffffffff }, [
        { type: 7, value: "x".repeat(length) },
      ]);
    respond(1453);
    expect(stub.sent[0]?.npdu.length).toBe(1472);
    let thrown: unknown;
    try {
      respond(1454);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: "MALFORMED_FRAME" });
    expect((thrown as Error).message).toMatch(/does not fit unsegmented/);
    expect(stub.sent).toHaveLength(1);
  });
});

describe("resolveReceiver", () => {
  it("turns [ipv6]:port into the VMAC receiver string by Virtual-Address-Resolution", async () => {
    const { stub, transport } = await openClient();
    stub.vmacOf.set(Bip6Address.parse("[fd00:1::5]:47808").key, 0x00162e);
    await expect(transport.resolveReceiver("[fd00:1::5]:47808")).resolves.toBe("00162e");
    await expect(transport.resolveReceiver(Bip6Address.parse("[fd00:1::5]"))).resolves.toBe("00162e");
  });

  it("rejects with RESOLUTION_FAILED when nobody answers, BAD_RECEIVER for text that is no address", async () => {
    const { transport } = await openClient();
    await expect(transport.resolveReceiver("[fd00:1::6]:47808")).rejects.toMatchObject({ code: "RESOLUTION_FAILED" });
    await expect(transport.resolveReceiver("device-5")).rejects.toMatchObject({ code: "BAD_RECEIVER" });
  });
});

const I_AM_OF_1234 = "01001000c4020004d22205c49103210f";
