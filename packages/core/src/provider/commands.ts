import { z } from "zod";
import { commandFields } from "../decider/command-fields.js";
import { OpaqueId, ProviderId } from "../identifiers.js";
import { FundingKind, ProviderReferralRoute } from "../events/vocabulary.js";
import { AmountPence, FundedNeeds } from "../funding/events.js";
import { PeopleCount, ProviderDirectory, ProviderName, ProviderSupport } from "./events.js";
import { EventDate } from "../events/event-date.js";

function providerCommand<const T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), providerId: ProviderId, ...commandFields, ...shape });
}

/** Lists a community organisation in the directory: an Open Referral UK service (its UUID) or a local `prov_` id. */
export const RegisterProvider = providerCommand("RegisterProvider", {
  directory: ProviderDirectory,
  name: ProviderName,
  supportCategories: ProviderSupport,
  route: ProviderReferralRoute,
});
/** Declares the places a month and the waiting list, from occurredAt. */
export const DeclareProviderCapacity = providerCommand("DeclareProviderCapacity", { monthlyPlaces: PeopleCount, waitingList: PeopleCount });
/** Records a grant or commission to the provider: amount in pence, period (dates included), the needs it is for. */
export const AwardFunding = providerCommand("AwardFunding", {
  fundingId: OpaqueId,
  kind: FundingKind,
  amountPence: AmountPence,
  periodStart: EventDate,
  periodEnd: EventDate,
  needs: FundedNeeds,
});

/** Any command on a provider's stream. */
export const ProviderCommand = z.discriminatedUnion("type", [RegisterProvider, DeclareProviderCapacity, AwardFunding]);
export type ProviderCommand = z.infer<typeof ProviderCommand>;
export type ProviderCommandInput = z.input<typeof ProviderCommand>;
