import { z } from "zod";
import { ConnectionMode, ConnectionOutcome, SupportCategory } from "@linkwork/core";

const ConnectionJson = z.object({
  connectionId: z.string(),
  providerId: z.string(),
  activity: SupportCategory,
  mode: ConnectionMode,
  madeAt: z.number().int(),
  outcomes: z.array(z.object({ at: z.number().int(), outcome: ConnectionOutcome })),
});

export const RetainedCaseJson = z.object({
  pcnId: z.string(),
  /** Index into the snapshot's `people`. */
  person: z.number().int().min(0),
  endedAt: z.number().int().nullable(),
  connections: z.array(ConnectionJson).nullable(),
});
