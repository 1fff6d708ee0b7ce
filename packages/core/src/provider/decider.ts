import type { Decider } from "../decider/decider.js";
import { commandParser } from "../decider/parse-command.js";
import { eventCatalogue, type LinkworkEvent } from "../events/catalogue.js";
import { providerStream } from "../events/streams.js";
import { ProviderCommand } from "./commands.js";
import { decideProvider } from "./decide.js";
import type { ProviderEvent } from "./events.js";
import { evolveProvider } from "./evolve.js";
import { initialProviderState, type ProviderState } from "./state.js";

/** The VCSE directory: one stream per community provider, its listing, declared capacity and funding. */
export const providerDecider: Decider<ProviderCommand, ProviderState, ProviderEvent> = {
  parse: commandParser(ProviderCommand),
  streamId: (command) => providerStream(command.providerId),
  decide: decideProvider,
  evolve: evolveProvider,
  initialState: initialProviderState,
  owns: (event: LinkworkEvent): event is ProviderEvent => eventCatalogue[event.type].category === "provider",
};
