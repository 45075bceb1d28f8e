// Type-level contracts, checked by `tsc` over the tests (the typecheck fails if one breaks):
// the action vocabulary is the codec's shared one, and stats() hands out a read-only view.
import type * as codec from "@bip6/bvll6-codec";
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  BbmdAction,
  BbmdEvent,
  BbmdHandleOutput,
  BbmdOutput,
  BbmdStats,
  DeliverAction,
  EventAction,
  HandleVerdict,
  MulticastAction,
  SendAction,
} from "../src/index.js";
import { bbmd } from "./helpers.js";

describe("the shared sans-IO vocabulary", () => {
  it("every action, output and verdict type is the codec's, under the names this package always had", () => {
    expectTypeOf<SendAction>().toEqualTypeOf<codec.SendAction>();
    expectTypeOf<MulticastAction>().toEqualTypeOf<codec.MulticastAction>();
    expectTypeOf<DeliverAction>().toEqualTypeOf<codec.DeliverAction>();
    expectTypeOf<EventAction>().toEqualTypeOf<codec.EventAction<BbmdEvent>>();
    expectTypeOf<HandleVerdict>().toEqualTypeOf<codec.HandleVerdict>();
    expectTypeOf<BbmdOutput>().toEqualTypeOf<codec.SansIoOutput<BbmdAction>>();
    expectTypeOf<BbmdHandleOutput>().toEqualTypeOf<
      codec.HandleOutput<BbmdAction, NonNullable<BbmdHandleOutput["dropReason"]>>
    >();
  });

  it("stats() is read-only: its type has no writable field, and a copy does not follow later calls", () => {
    expectTypeOf<BbmdStats>().toEqualTypeOf<Readonly<BbmdStats>>();
    const b = bbmd();
    const s = b.stats();
    // @ts-expect-error the counters cannot be written through the returned view
    s.sends = 5;
    b.broadcast(new Uint8Array(1), 0);
    expect(b.stats().ownBroadcasts).toBe(1);
    expect(s.ownBroadcasts).toBe(0);
  });
});
