import { z } from "zod";

/** The outbox has no settings yet: what it yields follows from the events and each case's consent. */
export const GpRecordOutboxSettings = z.strictObject({});
export type GpRecordOutboxSettings = z.output<typeof GpRecordOutboxSettings>;
export type GpRecordOutboxSettingsInput = z.input<typeof GpRecordOutboxSettings>;
