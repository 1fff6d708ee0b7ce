// The gp-record-outbox read model: the GP record entries of each case not yet acknowledged as sent.
export { gpRecordOutboxProjection } from "./projection.js";
export { gpRecordOutbox, gpRecordOutboxSummary, GpRecordOutboxOptions } from "./queries.js";
export type { GpRecordOutbox, GpRecordOutboxEntry, GpRecordOutboxSummary, GpRecordOutboxSummaryRow } from "./queries.js";
export { GpRecordOutboxSettings } from "./settings.js";
export type { GpRecordOutboxSettingsInput } from "./settings.js";
export type { GpRecordOutboxState } from "./state.js";
