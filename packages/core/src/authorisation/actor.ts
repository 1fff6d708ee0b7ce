import { z } from "zod";
import { OpaqueId, PcnCode } from "../identifiers.js";

/**
 * What a person does in the service (issue 18): a link worker acts on the cases of their own PCN, a
 * PCN manager reads their PCN's reports, an evaluator reads pseudonymised exports only, an
 * administrator manages reference data. An embedder maps its identity provider's roles onto these.
 */
export const Role = z.enum(["linkWorker", "pcnManager", "evaluator", "administrator"]);
export type Role = z.infer<typeof Role>;

/**
 * Who asks: the authenticated user, never the request body. `who` becomes the `recordedBy` of every
 * event they cause (an opaque id, such as a link worker id or the token's subject, never a name or
 * email); `pcnId` is the PCN they work for (null for roles that span PCNs, such as an evaluator).
 */
export const Actor = z.strictObject({
  who: OpaqueId,
  role: Role,
  pcnId: PcnCode.nullable(),
});
export type Actor = z.infer<typeof Actor>;
