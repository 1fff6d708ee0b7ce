import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { assess, instrumentRegistry } from "../src/instruments/instrument.js";
import type { Instrument } from "../src/instruments/instrument.js";
import { standardInstruments, standardInstrumentsWith } from "../src/instruments/standard-instruments.js";
import { swemwbs, swemwbsRawOnly } from "../src/instruments/swemwbs.js";

/** A TEST DOUBLE standing in for Warwick's licensed SWEMWBS table: not the real conversion. */
const withFakeTable = swemwbs({ metricScorer: { version: "table-2024", toMetric: (raw) => raw + 0.5 } });

const extra: Instrument = {
  id: "GOALS3",
  version: "2",
  items: [{ min: 1, max: 10 }],
  score: ([goal = NaN]) => ({ goal }),
};

describe("standard instruments", () => {
  it("holds ONS4, WEMWBS, SWEMWBS (raw only) and UCLA-3", () => {
    expect([...standardInstruments.keys()]).toEqual(["ONS4", "WEMWBS", "SWEMWBS", "UCLA3"]);
    expect(standardInstruments.get("SWEMWBS")).toBe(swemwbsRawOnly);
    for (const [id, instrument] of standardInstruments) {
      expect(instrument.id).toBe(id);
      expect(instrument.version).toBe("1");
    }
  });
});

describe("standardInstrumentsWith", () => {
  it("replaces an instrument by id, keeping its place", () => {
    const registry = standardInstrumentsWith([withFakeTable]);
    expect([...registry.keys()]).toEqual(["ONS4", "WEMWBS", "SWEMWBS", "UCLA3"]);
    expect(registry.get("SWEMWBS")).toBe(withFakeTable);
    expect(assess(registry, "SWEMWBS", [1, 2, 3, 4, 5, 1, 2])).toEqual(
      E.right({
        instrument: "SWEMWBS",
        instrumentVersion: "1+table-2024",
        items: [1, 2, 3, 4, 5, 1, 2],
        scores: { raw: 18, metric: 18.5 },
      }),
    );
  });

  it("adds an instrument with a new id after the standard ones", () => {
    const registry = standardInstrumentsWith([extra]);
    expect([...registry.keys()]).toEqual(["ONS4", "WEMWBS", "SWEMWBS", "UCLA3", "GOALS3"]);
    expect(registry.get("ONS4")).toBe(standardInstruments.get("ONS4"));
  });

  it("lets the later of two extras with the same id win", () => {
    const registry = standardInstrumentsWith([withFakeTable, swemwbsRawOnly]);
    expect(registry.get("SWEMWBS")).toBe(swemwbsRawOnly);
  });

  it("never changes the standard registry", () => {
    standardInstrumentsWith([withFakeTable, extra]);
    expect(standardInstruments.get("SWEMWBS")).toBe(swemwbsRawOnly);
    expect(standardInstruments.has("GOALS3")).toBe(false);
    expect(assess(standardInstruments, "SWEMWBS", [1, 1, 1, 1, 1, 1, 1])).toEqual(
      E.right({ instrument: "SWEMWBS", instrumentVersion: "1", items: [1, 1, 1, 1, 1, 1, 1], scores: { raw: 7 } }),
    );
  });

  it("with nothing extra, matches the standard registry", () => {
    expect([...standardInstrumentsWith([]).entries()]).toEqual([...instrumentRegistry([...standardInstruments.values()]).entries()]);
  });
});
