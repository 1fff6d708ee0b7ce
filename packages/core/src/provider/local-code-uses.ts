import { NationalNeed, NationalSupport } from "../events/vocabulary.js";
import type { LocalCodeUse } from "../reference-data/local-codes.js";
import type { ProviderCommand } from "./commands.js";
import type { ProviderEvent } from "./events.js";

const nationalNeeds: ReadonlySet<string> = new Set(NationalNeed.options);
const nationalSupport: ReadonlySet<string> = new Set(NationalSupport.options);

/**
 * The local codes a provider command uses: a listing's support categories and a grant's needs. Like a
 * case command's, each must be registered in its list first (the handler checks, reading the lists).
 */
export function providerLocalCodeUses(command: ProviderCommand): LocalCodeUse[] {
  switch (command.type) {
    case "RegisterProvider":
      return command.supportCategories.flatMap((code, index) =>
        nationalSupport.has(code) ? [] : [{ list: "support" as const, path: `supportCategories[${index}]`, code }],
      );
    case "AwardFunding":
      return command.needs.flatMap((code, index) =>
        nationalNeeds.has(code) ? [] : [{ list: "need" as const, path: `needs[${index}]`, code }],
      );
    case "DeclareProviderCapacity":
      return [];
  }
}

/**
 * The local codes a provider event carries, as the checker of a history file reads them: the same
 * fields as `providerLocalCodeUses` reads in the command that recorded it, under `data.`, so validate
 * and replay refuse what the handler refuses.
 */
export function providerLocalCodeUsesOfEvent(event: ProviderEvent): LocalCodeUse[] {
  switch (event.type) {
    case "ProviderRegistered":
      return event.data.supportCategories.flatMap((code, index) =>
        nationalSupport.has(code) ? [] : [{ list: "support" as const, path: `data.supportCategories[${index}]`, code }],
      );
    case "FundingAwarded":
      return event.data.needs.flatMap((code, index) =>
        nationalNeeds.has(code) ? [] : [{ list: "need" as const, path: `data.needs[${index}]`, code }],
      );
    case "ProviderCapacityDeclared":
      return [];
  }
}
