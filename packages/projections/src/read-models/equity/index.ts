// The equity read model: who is reached, split by the register's equity fields against the practices' lists.
export { equityProjection } from "./projection.js";
export { equityReport } from "./queries.js";
export { equityLookupFromRegister, equityPeople } from "./equity-lookup.js";
export type { EquityLookup } from "./equity-lookup.js";
export { EquitySettings, EquityReportOptions } from "./settings.js";
export type { EquitySettingsInput } from "./settings.js";
export { equityFields, groupsOf } from "./groups.js";
export type { EquityField } from "./groups.js";
export type { EstimateInterval } from "./proportion-interval.js";
export type { EquityState } from "./state.js";
export type { EquityGroupRow, EquityReport, GroupDemandChange } from "./reports.js";
