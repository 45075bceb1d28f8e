/**
 * The enumerations: standard names, the proprietary and reserved fallbacks, and — against
 * tshark's own tables (`tshark -G values`) — the names the labels use, value by value.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describeWithTool, tsharkPath } from "../../../../test-support/required-tool.ts";
import {
  ABORT_REASONS,
  CONFIRMED_SERVICES,
  ENGINEERING_UNITS,
  ERROR_CLASSES,
  ERROR_CODES,
  type Enumeration,
  EVENT_STATES,
  NETWORK_MESSAGES,
  OBJECT_TYPES,
  PROPERTIES,
  REJECT_REASONS,
  RESTART_REASONS,
  SEGMENTATION,
  UNCONFIRMED_SERVICES,
  maxApduOctets,
  maxSegmentsCount,
  networkRejectName,
  pduTypeName,
  vendorName,
} from "../../src/bacnet/index.js";

describe("standard names (ASHRAE 135-2020 clause 21)", () => {
  it("names the values the summaries use", () => {
    expect(OBJECT_TYPES.name(0)).toBe("analog-input");
    expect(OBJECT_TYPES.name(8)).toBe("device");
    expect(OBJECT_TYPES.name(56)).toBe("network-port");
    expect(OBJECT_TYPES.name(64)).toBe("color-temperature");
    expect(PROPERTIES.name(85)).toBe("present-value");
    expect(PROPERTIES.name(0)).toBe("acked-transitions");
    expect(PROPERTIES.name(51)).toBe("issue-confirmed-notifications");
    expect(PROPERTIES.name(400)).toBe("ip-address");
    expect(PROPERTIES.name(511)).toBe("issuer-certificate-files");
    expect(PROPERTIES.name(4194304)).toBe("max-bvlc-length-accepted");
    expect(PROPERTIES.name(4194327)).toBe("sc-minimum-reconnect-time");
    expect(ERROR_CLASSES.name(7)).toBe("communication");
    expect(ERROR_CODES.name(11)).toBe("invalid-file-start-position");
    expect(ERROR_CODES.name(32)).toBe("unknown-property");
    expect(ERROR_CODES.name(229)).toBe("invalid-token");
    expect(REJECT_REASONS.name(10)).toBe("invalid-data-encoding");
    expect(ABORT_REASONS.name(11)).toBe("apdu-too-long");
    expect(CONFIRMED_SERVICES.name(12)).toBe("ReadProperty");
    expect(CONFIRMED_SERVICES.name(33)).toBe("AuditLogQuery");
    expect(UNCONFIRMED_SERVICES.name(0)).toBe("I-Am");
    expect(UNCONFIRMED_SERVICES.name(14)).toBe("You-Are");
    expect(ENGINEERING_UNITS.name(62)).toBe("degrees-celsius");
    expect(ENGINEERING_UNITS.name(47808)).toBe("standard-cubic-feet-per-day");
    expect(SEGMENTATION.name(3)).toBe("no-segmentation");
    expect(EVENT_STATES.name(5)).toBe("life-safety-alarm");
    expect(RESTART_REASONS.name(4)).toBe("detected-powered-off");
    expect(NETWORK_MESSAGES.name(0x13)).toBe("Network-Number-Is");
    expect(networkRejectName(6)).toBe("addressing-error");
    expect(pduTypeName(3)).toBe("ComplexACK");
  });

  it("has every confirmed and unconfirmed service of 135-2020", () => {
    for (let s = 0; s <= 33; s++) expect(CONFIRMED_SERVICES.known(s), `confirmed ${s}`).toBeDefined();
    for (let s = 0; s <= 14; s++) expect(UNCONFIRMED_SERVICES.known(s), `unconfirmed ${s}`).toBeDefined();
  });

  it("shows proprietary ranges as such, and unassigned standard values as reserved", () => {
    expect(OBJECT_TYPES.name(130)).toBe("proprietary-object-type(130)");
    expect(OBJECT_TYPES.name(100)).toBe("reserved-object-type(100)");
    expect(PROPERTIES.name(1000)).toBe("proprietary-property(1000)");
    expect(PROPERTIES.name(4194303)).toBe("proprietary-property(4194303)");
    expect(PROPERTIES.name(223)).toBe("reserved-property(223)");
    expect(PROPERTIES.name(4194400)).toBe("reserved-property(4194400)");
    expect(ERROR_CODES.name(300)).toBe("proprietary-error-code(300)");
    expect(ERROR_CLASSES.name(64)).toBe("proprietary-error-class(64)");
    expect(REJECT_REASONS.name(64)).toBe("proprietary-reject-reason(64)");
    expect(ABORT_REASONS.name(200)).toBe("proprietary-abort-reason(200)");
    expect(ENGINEERING_UNITS.name(300)).toBe("proprietary-engineering-units(300)");
    expect(ENGINEERING_UNITS.name(60000)).toBe("proprietary-engineering-units(60000)");
    expect(CONFIRMED_SERVICES.name(40)).toBe("reserved-confirmed-service(40)");
    expect(OBJECT_TYPES.label(130)).toBe("proprietary-object-type (130)");
  });

  it("decodes the header codes", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(maxApduOctets)).toEqual([50, 128, 206, 480, 1024, 1476, undefined]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(maxSegmentsCount)).toEqual([0, 2, 4, 8, 16, 32, 64, 65]);
    expect(vendorName(260)).toBe("BACnet Stack at SourceForge");
    expect(vendorName(99_999)).toBeUndefined();
  });
});

/** tshark's value strings of one field: value → name. */
function tsharkValues(all: string, field: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of all.split("\n")) {
    const p = line.split("\t");
    if (p[1] !== field) continue;
    if (p[0] === "V") out.set(Number(p[2]), p[3] as string);
    else if (p[0] === "R") for (let v = Number(p[2]); v <= Number(p[3]); v++) out.set(v, p[4] as string);
  }
  return out;
}

describeWithTool("enumeration labels against tshark -G values", tsharkPath, "apt-get install tshark", () => {
  let all = "";
  const table = (field: string): Map<number, string> => {
    if (all === "") {
      const r = spawnSync(tsharkPath, ["-G", "values"], {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        timeout: 120_000,
      });
      if (r.status !== 0) throw new Error(`tshark -G values failed: ${r.stderr}`);
      all = r.stdout;
    }
    return tsharkValues(all, field);
  };

  const cases: [string, Enumeration, number][] = [
    ["bacapp.objectType", OBJECT_TYPES, 65],
    ["bacapp.property_identifier", PROPERTIES, 500],
    ["bacapp.error_class", ERROR_CLASSES, 8],
    ["bacapp.error_code", ERROR_CODES, 150],
    ["bacapp.reject_reason", REJECT_REASONS, 10],
    ["bacapp.abort_reason", ABORT_REASONS, 12],
    ["bacapp.confirmed_service", CONFIRMED_SERVICES, 34],
    ["bacapp.unconfirmed_service", UNCONFIRMED_SERVICES, 15],
    ["bacapp.restart_reason", RESTART_REASONS, 9],
    ["bacapp.from_state", EVENT_STATES, 6],
  ];
  it.each(cases)("%s: our label names every value tshark names, as tshark does", (field, names, atLeast) => {
    const values = table(field);
    expect(values.size).toBeGreaterThanOrEqual(atLeast);
    for (const [v, name] of values) expect(names.label(v), `${field} ${v}`).toBe(`${name} (${v})`);
  });

  it("bacnet.mesgtyp: network message names as tshark (0x00-0x13)", () => {
    for (const [v, name] of table("bacnet.mesgtyp")) {
      if (v > 0x13) continue;
      expect(NETWORK_MESSAGES.tshark(v) ?? NETWORK_MESSAGES.known(v), `type ${v}`).toBe(name);
    }
  });

  it("bacapp.vendor_identifier: vendor names as tshark", () => {
    const values = table("bacapp.vendor_identifier");
    expect(values.size).toBeGreaterThan(1000);
    for (const [v, name] of values) expect(vendorName(v), `vendor ${v}`).toBe(name);
  });
});
