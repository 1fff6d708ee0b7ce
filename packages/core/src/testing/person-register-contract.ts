import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { issuedIdPattern } from "../identifiers.js";
import type { PersonDetailsInput } from "../personal-data/person-details.js";
import type { PersonRegister, PersonRegisterError, RegisteredPerson } from "../personal-data/person-register.js";
import { arbitraryNhsNumber, arbitraryPersonDetails } from "./person-arbitraries.js";

/** A register under test, new and empty for every test and every run of the model-based property. */
export interface PersonRegisterFixture {
  readonly register: PersonRegister;
  /** Called after the register has been closed. */
  readonly dispose?: () => Promise<void>;
}

const personIdPattern = issuedIdPattern("person");
const details: PersonDetailsInput = {
  nhsNumber: "943 476 5919",
  name: { given: "Jane", family: "Smith" },
  dateOfBirth: "1950-01-01",
  contact: { phone: "07700 900123", email: "jane@example.org" },
  equity: { ageBand: "75-84", sex: "2", ethnicCategory: "A", deprivationDecile: 3 },
};

function right<T>(answer: E.Either<PersonRegisterError, T>): T {
  if (E.isLeft(answer)) throw new Error(`expected the register to accept the call, it answered ${JSON.stringify(answer.left)}`);
  return answer.right;
}

function left<T>(answer: E.Either<PersonRegisterError, T>): PersonRegisterError {
  if (E.isRight(answer)) throw new Error(`expected the register to refuse the call, it answered ${JSON.stringify(answer.right)}`);
  return answer.left;
}

const paths = (error: PersonRegisterError) => (error.code === "VALIDATION_FAILED" ? error.issues.map((issue) => issue.path) : []);

/**
 * The contract every PersonRegister passes (docs/privacy.md). Call it at the top level of a test
 * file: `describePersonRegisterContract("memory", async () => ({ register: memoryPersonRegister() }))`.
 */
export function describePersonRegisterContract(
  name: string,
  factory: () => Promise<PersonRegisterFixture>,
  options: { readonly runs?: number } = {},
): void {
  const runs = options.runs ?? 50;

  describe(`${name} honours the PersonRegister contract`, () => {
    let fixture: PersonRegisterFixture;
    let register: PersonRegister;
    beforeEach(async () => {
      fixture = await factory();
      register = fixture.register;
    });
    afterEach(async () => {
      await register.close();
      await fixture.dispose?.();
    });

    it("issues a pseudonym of the person id shape and finds the person by it and by NHS number, written either way", async () => {
      const person = right(await register.register(details));
      expect(person.personId).toMatch(personIdPattern);
      expect(person.details.nhsNumber).toBe("9434765919");
      expect(right(await register.get(person.personId))).toEqual(person);
      expect(right(await register.findByNhsNumber("9434765919"))).toEqual(person);
      expect(right(await register.findByNhsNumber("943 476 5919"))).toEqual(person);
      expect(right(await register.findByNhsNumber("4010232137"))).toBeNull();
      expect(right(await register.get("person_0000000000000000000000000a"))).toBeNull();
    });

    it("issues random pseudonyms that carry nothing of the person", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(arbitraryPersonDetails(), { selector: (d) => d.nhsNumber.replaceAll(" ", ""), minLength: 1, maxLength: 8 }),
          async (people) => {
            const fresh = (await factory()).register;
            const ids = new Set<string>();
            for (const person of people) {
              const registered = right(await fresh.register(person));
              const token = registered.personId.slice("person_".length);
              expect(registered.personId).toMatch(personIdPattern);
              expect(token).toHaveLength(26);
              expect(registered.personId).not.toContain(registered.details.nhsNumber.slice(0, 6));
              expect(registered.personId).not.toContain(registered.details.dateOfBirth.replaceAll("-", ""));
              ids.add(registered.personId);
            }
            expect(ids.size).toBe(people.length);
            await fresh.close();
          },
        ),
        { numRuns: runs },
      );
    });

    it("refuses a second registration of an NHS number with ALREADY_REGISTERED naming the pseudonym, and writes nothing", async () => {
      const first = right(await register.register(details));
      const again = left(await register.register({ ...details, nhsNumber: "9434765919", name: { given: "Other", family: "Name" } }));
      expect(again).toMatchObject({ code: "ALREADY_REGISTERED", personId: first.personId });
      expect(again.message).not.toContain("9434765919");
      expect(right(await register.get(first.personId))).toEqual(first);
    });

    it.each([
      ["details.nhsNumber", { nhsNumber: "9434765918" }],
      ["details.nhsNumber", { nhsNumber: "943-476-5919" }],
      ["details.name.given", { name: { given: "Jane\u001b[2J", family: "Smith" } }],
      ["details.name.family", { name: { given: "Jane", family: "" } }],
      ["details.dateOfBirth", { dateOfBirth: "01/01/1950" }],
      ["details.dateOfBirth", { dateOfBirth: "1800-01-01" }],
      ["details.dateOfBirth", { dateOfBirth: "9999-12-31" }],
      ["details.nationalDataOptOut", { nationalDataOptOut: "yes" }],
      ["details.contact.email", { contact: { email: "not an email" } }],
      ["details.equity.ethnicCategory", { equity: { ethnicCategory: "Q" } }],
      ["details.equity.deprivationDecile", { equity: { deprivationDecile: 11 } }],
      ["details.equity.sex", { equity: { sex: "male" } }],
    ])("refuses bad details with VALIDATION_FAILED naming %s, never repeating the value, and writes nothing", async (path, change) => {
      const error = left(await register.register({ ...details, ...change }));
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(paths(error)).toContain(path);
      expect(error.message).not.toContain("943476591");
      expect(error.message).not.toContain("\u001b");
      expect(right(await register.findByNhsNumber("9434765919"))).toBeNull();
    });

    it("holds a national data opt-out with the person's details: none unless given, kept by an update", async () => {
      const person = right(await register.register(details));
      expect(person.details.nationalDataOptOut).toBe(false);
      const updated = right(await register.update(person.personId, { ...details, nationalDataOptOut: true }));
      expect(updated.details.nationalDataOptOut).toBe(true);
      expect(right(await register.get(person.personId))?.details.nationalDataOptOut).toBe(true);
    });

    it("refuses a bad NHS number or pseudonym in a look-up, naming it", async () => {
      expect(paths(left(await register.findByNhsNumber("12345")))).toEqual(["nhsNumber"]);
      expect(paths(left(await register.get("Jane.Smith.1950-01-01")))).toEqual(["personId"]);
      expect(paths(left(await register.erase("943-476-5919")))).toEqual(["personId"]);
    });

    it("never throws, whatever it is given", async () => {
      await fc.assert(
        fc.asyncProperty(fc.anything(), fc.anything(), async (a, b) => {
          const answers: E.Either<unknown, unknown>[] = [
            await register.register(a),
            await register.findByNhsNumber(a),
            await register.get(a),
            await register.update(a, b),
            await register.erase(a),
          ];
          for (const answer of answers) expect(E.isLeft(answer) || E.isRight(answer)).toBe(true);
        }),
        { numRuns: runs },
      );
    });

    it("updates a person's details, moving the NHS number look-up with them", async () => {
      const person = right(await register.register(details));
      const other = right(await register.register({ ...details, nhsNumber: "4010232137" }));
      const moved = right(
        await register.update(person.personId, { ...details, nhsNumber: "9990000026", contact: { address: "1 New Road" } }),
      );
      expect(moved).toMatchObject({ personId: person.personId, details: { nhsNumber: "9990000026", contact: { address: "1 New Road" } } });
      expect(right(await register.findByNhsNumber("9434765919"))).toBeNull();
      expect(right(await register.findByNhsNumber("9990000026"))).toEqual(moved);
      expect(left(await register.update(person.personId, { ...details, nhsNumber: "4010232137" }))).toMatchObject({
        code: "ALREADY_REGISTERED",
        personId: other.personId,
      });
      expect(left(await register.update("person_0000000000000000000000000a", details))).toMatchObject({ code: "NOT_FOUND" });
    });

    it("erases a person: nothing is found by pseudonym or NHS number, and registering again issues a new pseudonym", async () => {
      const person = right(await register.register(details));
      expect(right(await register.erase(person.personId))).toEqual({ erased: true });
      expect(right(await register.get(person.personId))).toBeNull();
      expect(right(await register.findByNhsNumber("9434765919"))).toBeNull();
      // Erasing again, or erasing a pseudonym never issued, is NOT_FOUND: a typed answer an HTTP
      // service can give as 404, not a success that erased nothing.
      expect(left(await register.erase(person.personId))).toMatchObject({ code: "NOT_FOUND", personId: person.personId });
      expect(left(await register.erase("person_0000000000000000000000000b"))).toMatchObject({ code: "NOT_FOUND" });
      expect(left(await register.update(person.personId, details))).toMatchObject({ code: "NOT_FOUND" });
      const again = right(await register.register(details));
      expect(again.personId).not.toBe(person.personId);
    });

    it("answers as a model does for any sequence of registrations, erasures and look-ups", async () => {
      const operation = fc.oneof(
        fc.record({ kind: fc.constant("register" as const), details: arbitraryPersonDetails() }),
        fc.record({ kind: fc.constant("erase" as const), pick: fc.nat() }),
        fc.record({ kind: fc.constant("find" as const), nhsNumber: arbitraryNhsNumber() }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { maxLength: 25 }), async (operations) => {
          const fresh = (await factory()).register;
          const model = new Map<string, RegisteredPerson>(); // by NHS number
          const issued: string[] = [];
          for (const step of operations) {
            if (step.kind === "register") {
              const digits = step.details.nhsNumber.replaceAll(" ", "");
              const answer = await fresh.register(step.details);
              const held = model.get(digits);
              if (held === undefined) {
                const person = right(answer);
                model.set(digits, person);
                issued.push(person.personId);
              } else expect(left(answer)).toMatchObject({ code: "ALREADY_REGISTERED", personId: held.personId });
            } else if (step.kind === "erase") {
              const personId = issued[step.pick % Math.max(1, issued.length)];
              if (personId === undefined) continue;
              const entry = [...model.entries()].find(([, person]) => person.personId === personId);
              const erased = await fresh.erase(personId);
              if (entry !== undefined) expect(right(erased)).toEqual({ erased: true });
              else expect(left(erased)).toMatchObject({ code: "NOT_FOUND", personId });
              if (entry !== undefined) model.delete(entry[0]);
            } else {
              expect(right(await fresh.findByNhsNumber(step.nhsNumber))).toEqual(model.get(step.nhsNumber.replaceAll(" ", "")) ?? null);
            }
          }
          for (const person of model.values()) expect(right(await fresh.get(person.personId))).toEqual(person);
          await fresh.close();
        }),
        { numRuns: runs },
      );
    });
  });
}
