import type { NeedCategory } from "@linkwork/core/vocabulary";
import { internedIdList } from "../shared/interned-ids.js";
import { type UnmetNeedState, NEED_KEYS } from "./state.js";

/** The names behind the state's numbers, looked up once per report or snapshot. */
export interface IdNames {
  readonly pcn: (pcn: number) => string;
  readonly need: (need: number) => NeedCategory;
  readonly provider: (provider: number) => string;
  /** The PCN and the need of a folded cell. */
  readonly cellPcn: (cell: number) => string;
  readonly cellNeed: (cell: number) => NeedCategory;
}

export function idNames(state: UnmetNeedState): IdNames {
  const pcns = internedIdList(state.ids.pcns);
  const needs = internedIdList(state.ids.needs);
  const providers = internedIdList(state.ids.providers);
  const pairs = internedIdList(state.folded.pairs);
  const pcn = (number: number) => pcns[number] ?? "";
  const need = (number: number) => needs[number] ?? "";
  return {
    pcn,
    need,
    provider: (number) => providers[number] ?? "",
    cellPcn: (cell) => pcn(Math.floor((pairs[cell] ?? 0) / NEED_KEYS)),
    cellNeed: (cell) => need((pairs[cell] ?? 0) % NEED_KEYS),
  };
}
