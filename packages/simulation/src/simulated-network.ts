import { NationalSupport, type SupportCategory } from "@linkwork/core/vocabulary";
import type { CaseJourney } from "./case-journey.js";
import { WeightedChoice, type SimulationRandom } from "./simulation-random.js";
import type { SimulationSettings } from "./simulation-settings.js";

/**
 * The simulated world outside the cases: PCNs with their practices and registered lists, the link
 * workers employed in them, and the community providers they connect people to.
 */

export interface SimulatedLinkWorker {
  readonly id: string;
  readonly pcn: SimulatedPcn;
  fte: number;
  active: boolean;
  /** Open accepted cases this worker holds, in the order they were taken on. */
  readonly caseload: Set<CaseJourney>;
}

/** A community provider offering one kind of support, with a fixed number of new places a month. */
export interface CommunityProvider {
  readonly id: string;
  readonly activity: SupportCategory;
  readonly placesPerMonth: number;
  /** Places taken, by month number. */
  readonly taken: Map<number, number>;
  /** Takes direct referrals and reports back on them (set when the directory lists it). */
  directReferral: boolean;
}

export interface SimulatedPcn {
  readonly id: string;
  registeredPatients: number;
  readonly practices: WeightedChoice<string>;
  readonly providers: readonly CommunityProvider[];
  /** Every worker who ever joined, in joining order. */
  readonly workers: SimulatedLinkWorker[];
}

const pad = (value: number, width: number): string => String(value).padStart(width, "0");

/** FTEs are recorded to one decimal place, as rotas are. */
export function roundFte(fte: number): number {
  return Math.min(1, Math.max(0.1, Math.round(fte * 10) / 10));
}

export class SimulatedNetwork {
  readonly pcns: readonly SimulatedPcn[];
  #workersJoined = 0;
  readonly #settings: SimulationSettings;

  constructor(settings: SimulationSettings, random: SimulationRandom) {
    this.#settings = settings;
    const { network, providers } = settings;
    const pcns: SimulatedPcn[] = [];
    for (let number = 1; number <= settings.pcns; number++) {
      // Ids in the shapes events require (docs/events.md): a PCN ODS code, practice codes, issued ids.
      const id = `U${pad(number, 5)}`;
      const practiceCount = random.integer(network.practicesPerPcn.min, network.practicesPerPcn.max);
      const practices: [string, number][] = [];
      // An ODS practice code is a letter and five digits: the letter counts thousands of PCNs (Y for
      // the first 999, then X), so England's 1,250 PCNs fit and smaller networks keep their codes.
      const letter = "YX"[Math.floor(number / 1000)]!;
      for (let practice = 1; practice <= practiceCount; practice++)
        practices.push([`${letter}${pad(number % 1000, 3)}${pad(practice, 2)}`, random.between(0.5, 1.5)]);
      const pcnProviders: CommunityProvider[] = [];
      for (const activity of NationalSupport.options) {
        if (random.chance(providers.gapShare)) continue;
        const count = random.integer(providers.perSupportCategory.min, providers.perSupportCategory.max);
        for (let index = 0; index < count; index++) {
          pcnProviders.push({
            id: `prov_${id.toLowerCase()}p${pad(pcnProviders.length + 1, 2)}`,
            activity,
            placesPerMonth: random.integer(providers.placesPerMonth.min, providers.placesPerMonth.max),
            taken: new Map(),
            directReferral: false,
          });
        }
      }
      pcns.push({
        id,
        registeredPatients: random.integer(network.registeredPatients.min, network.registeredPatients.max),
        practices: new WeightedChoice(practices),
        providers: pcnProviders,
        workers: [],
      });
    }
    this.pcns = pcns;
  }

  /** A new link worker in a PCN (the caller issues RegisterLinkWorker). */
  hire(pcn: SimulatedPcn, random: SimulationRandom): SimulatedLinkWorker {
    this.#workersJoined += 1;
    const { fte } = this.#settings.linkWorkers;
    const worker: SimulatedLinkWorker = {
      id: `lw_w${pad(this.#workersJoined, 3)}`,
      pcn,
      fte: roundFte(random.between(fte.min, fte.max)),
      active: true,
      caseload: new Set(),
    };
    pcn.workers.push(worker);
    return worker;
  }
}

export function activeWorkers(pcn: SimulatedPcn): SimulatedLinkWorker[] {
  return pcn.workers.filter((worker) => worker.active);
}

/** The active worker with the lightest caseload for their hours (earliest joiner on a tie), other than `except`. */
export function lightestCaseload(pcn: SimulatedPcn, except?: SimulatedLinkWorker): SimulatedLinkWorker | undefined {
  let best: SimulatedLinkWorker | undefined;
  let bestLoad = Number.POSITIVE_INFINITY;
  for (const worker of pcn.workers) {
    if (!worker.active || worker === except) continue;
    const load = worker.caseload.size / worker.fte;
    if (load < bestLoad) {
      best = worker;
      bestLoad = load;
    }
  }
  return best;
}

/** Providers of any of these kinds of support in a PCN, in directory order. */
export function providersOf(pcn: SimulatedPcn, activities: readonly SupportCategory[]): CommunityProvider[] {
  return pcn.providers.filter((provider) => activities.includes(provider.activity));
}

export function hasPlace(provider: CommunityProvider, month: number): boolean {
  return (provider.taken.get(month) ?? 0) < provider.placesPerMonth;
}

export function takePlace(provider: CommunityProvider, month: number): void {
  provider.taken.set(month, (provider.taken.get(month) ?? 0) + 1);
}
