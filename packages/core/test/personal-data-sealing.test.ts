import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventCatalogue, eventTypes, LinkworkEvent, type EventType } from "../src/index.js";
import { isErased, openEvent, sealEvent, sealedFields, type DataKey } from "../src/personal-data/index.js";
import { arbitraryLinkworkEvent } from "../src/testing/index.js";

const keyOf = (personId: string, version = 1): DataKey => ({ personId, version, key: randomBytes(32) });

/** The event with every listed field it holds replaced by the erased marker, and no box. */
function erasedFormOf(event: LinkworkEvent): unknown {
  const data: Record<string, unknown> = { ...event.data };
  for (const field of sealedFields[event.type]) if (data[field] !== undefined) data[field] = { erased: true };
  return { ...event, data };
}

describe("the list of sealed fields", () => {
  it.each(eventTypes)("%s: exactly its listed fields accept the erased marker", (type: EventType) => {
    const shape = eventCatalogue[type].schema.shape.data.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
    const listed: readonly string[] = sealedFields[type];
    for (const [field, schema] of Object.entries(shape)) {
      expect({ field, accepts: schema.safeParse({ erased: true }).success }).toEqual({ field, accepts: listed.includes(field) });
    }
  });
});

describe("sealing and opening one event", () => {
  it("a sealed event is valid, holds no listed field in the clear, and opens to the event it was", () => {
    fc.assert(
      fc.property(arbitraryLinkworkEvent(), (event) => {
        const key = keyOf("person-a1");
        const sealed = sealEvent(event, key);
        expect(LinkworkEvent.safeParse(sealed).success).toBe(true);
        const data: Readonly<Record<string, unknown>> = sealed.data;
        for (const field of sealedFields[event.type]) expect(data[field] === undefined || isErased(data[field])).toBe(true);
        expect(openEvent(sealed, key)).toEqual(event);
      }),
      { numRuns: 400 },
    );
  });

  it("without its key, or with another key, a sealed event reads in its valid erased form", () => {
    fc.assert(
      fc.property(arbitraryLinkworkEvent(), (event) => {
        const key = keyOf("person-a1");
        const sealed = sealEvent(event, key);
        for (const opened of [openEvent(sealed, null), openEvent(sealed, keyOf("person-a1")), openEvent(sealed, keyOf("person-b2"))]) {
          expect(opened).toEqual(erasedFormOf(event));
          expect(LinkworkEvent.safeParse(opened).success).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a box moved onto another event does not open there", () => {
    fc.assert(
      fc.property(arbitraryLinkworkEvent(), fc.uuid({ version: 7 }), (event, otherId) => {
        const key = keyOf("person-a1");
        const sealed = sealEvent(event, key);
        fc.pre(sealed.metadata.sealed !== undefined && otherId !== event.metadata.eventId);
        const grafted = { ...sealed, metadata: { ...sealed.metadata, eventId: otherId } };
        expect(openEvent(grafted, key)).toEqual({ ...(erasedFormOf(event) as object), metadata: { ...event.metadata, eventId: otherId } });
      }),
      { numRuns: 100 },
    );
  });

  it("the box is the AES-256-GCM ciphertext: the sealed event's JSON does not hold the sealed values' JSON", () => {
    fc.assert(
      fc.property(arbitraryLinkworkEvent(), (event) => {
        const sealed = JSON.stringify(sealEvent(event, keyOf("person-a1")));
        const data: Readonly<Record<string, unknown>> = event.data;
        for (const field of sealedFields[event.type]) {
          const value = data[field];
          // Short values (a count of 3) may appear by chance elsewhere; long ones cannot.
          if (value !== undefined && JSON.stringify(value).length >= 12) expect(sealed).not.toContain(JSON.stringify(value));
        }
      }),
      { numRuns: 300 },
    );
  });
});
