// Type-level contracts, checked by `tsc` over the tests (the typecheck fails if one breaks):
// the action vocabulary is the codec's shared one, and stats() hands out a read-only view.
import type * as codec from "@bip6/bvll6-codec";
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  DeliverAction,
  EventAction,
  FdAction,
  FdHandleOutput,
  FdOutput,
  ForeignDeviceEvent,
  ForeignDeviceStats,
  HandleVerdict,
  SendAction,
} from "../src/index.js";
import { device } from "./helpers.js";

describe("the shared sans-IO vocabulary", () => {
  it("every action, output and verdict type is the codec's, under the names this package always had", () => {
    expectTypeOf<SendAction>().toEqualTypeOf<codec.SendAction>();
    expectTypeOf<DeliverAction>().toEqualTypeOf<codec.DeliverAction>();
    expectTypeOf<EventAction>().toEqualTypeOf<codec.EventAction<ForeignDeviceEvent>>();
    expectTypeOf<HandleVerdict>().toEqualTypeOf<codec.HandleVerdict>();
    expectTypeOf<FdOutput>().toEqualTypeOf<codec.SansIoOutput<FdAction>>();
    expectTypeOf<FdHandleOutput>().toEqualTypeOf<
      codec.HandleOutput<FdAction, NonNullable<FdHandleOutput["dropReason"]>>
    >();
  });

  it("stats() is read-only: its type has no writable field, and a copy does not follow later calls", () => {
    expectTypeOf<ForeignDeviceStats>().toEqualTypeOf<Readonly<ForeignDeviceStats>>();
    const fd = device();
    const s = fd.stats();
    // @ts-expect-error the counters cannot be written through the returned view
    s.registersSent = 5;
    fd.start(0);
    expect(fd.stats().registersSent).toBe(1);
    expect(s.registersSent).toBe(5);
  });
});
