import type { ProviderUpdate } from "../events/vocabulary.js";

/**
 * Where a connection stands with its provider: `awaiting` until the provider reports, then
 * `waitlisted`, `accepted` (attending or not), and the final `declined` and `finished`.
 */
export type ProviderConnectionStatus = "awaiting" | "waitlisted" | "accepted" | "declined" | "finished";

/** The statuses each update may follow: the one order the decider and the history checker hold. */
export const updateFollows: { readonly [Update in ProviderUpdate]: readonly ProviderConnectionStatus[] } = {
  accepted: ["awaiting", "waitlisted"],
  declined: ["awaiting", "waitlisted"],
  waitlisted: ["awaiting"],
  attended: ["accepted"],
  did_not_attend: ["accepted"],
  finished: ["accepted"],
};

/** The status after an update, or null when the update cannot follow the status. */
export function statusAfter(status: ProviderConnectionStatus, update: ProviderUpdate): ProviderConnectionStatus | null {
  if (!updateFollows[update].includes(status)) return null;
  switch (update) {
    case "accepted":
    case "attended":
    case "did_not_attend":
      return "accepted";
    case "declined":
      return "declined";
    case "waitlisted":
      return "waitlisted";
    case "finished":
      return "finished";
  }
}

/** Why the update's reason is wrong: a decline names one, nothing else does; or null. */
export function reasonProblem(update: ProviderUpdate, reason: string | undefined): string | null {
  if (update === "declined") return reason === undefined ? "a decline must say why (reason)" : null;
  return reason === undefined ? null : `only a decline carries a reason, not ${update}`;
}
