import type { Instrument, InstrumentRegistry } from "./instrument.js";
import { instrumentRegistry } from "./instrument.js";
import { ons4 } from "./ons4.js";
import { swemwbsRawOnly } from "./swemwbs.js";
import { ucla3 } from "./ucla3.js";
import { wemwbs } from "./wemwbs.js";

/** The instruments the core ships, none licensed: ONS4, WEMWBS, SWEMWBS (raw score only) and UCLA-3. */
export const standardInstruments: InstrumentRegistry = instrumentRegistry([ons4, wemwbs, swemwbsRawOnly, ucla3]);

/**
 * The standard instruments plus `extra`, where an extra instrument replaces a standard one with the
 * same id (such as a SWEMWBS with a licensed metric scorer) and otherwise is added. If `extra` holds
 * the same id twice, the later one wins. `standardInstruments` itself is never changed.
 */
export function standardInstrumentsWith(extra: readonly Instrument[]): InstrumentRegistry {
  return instrumentRegistry([...standardInstruments.values(), ...extra]);
}
