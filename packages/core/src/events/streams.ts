import { z } from "zod";

/**
 * Stream names are `<category>-<id>` so stores can filter by category server-side
 * (EventStoreDB prefix filters, `$ce-` projections) without reading every event.
 */
export const StreamCategory = z.enum(["case", "person", "pcn", "linkworker", "codelist", "provider"]);
export type StreamCategory = z.infer<typeof StreamCategory>;

/** The shape of a stream id, named so the stores' hand-written check tests the very same pattern. */
export const streamIdPattern = /^(case|person|pcn|linkworker|codelist|provider)-[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export const StreamId = z.string().regex(streamIdPattern, "must be <case|person|pcn|linkworker|codelist|provider>-<opaque id>");
export type StreamId = z.infer<typeof StreamId>;

export const caseStream = (caseId: string): StreamId => `case-${caseId}`;
export const personStream = (personId: string): StreamId => `person-${personId}`;
export const pcnStream = (pcnId: string): StreamId => `pcn-${pcnId}`;
export const linkWorkerStream = (linkWorkerId: string): StreamId => `linkworker-${linkWorkerId}`;
/** The stream of a list's registered local codes (`codelist-need`, `codelist-support`). */
export const codeListStream = (list: string): StreamId => `codelist-${list}`;

/** A community provider's stream: its directory listing, declared capacity and funding (`provider-<providerId>`). */
export const providerStream = (providerId: string): StreamId => `provider-${providerId}`;

/** The category of a stream id: the part before the first hyphen. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf("-");
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

/** The id inside a stream id: everything after the first hyphen. */
export function streamEntityId(streamId: string): string {
  const dash = streamId.indexOf("-");
  return dash < 0 ? "" : streamId.slice(dash + 1);
}
