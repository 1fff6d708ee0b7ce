import {
  equityFields,
  equityProjection,
  equityReport as queryEquity,
  type EquityField,
  type EquityGroupRow,
  type EquityReport,
  type EstimateInterval,
} from "@linkwork/projections";
import type { FigureText } from "../disclosure/shared-view.js";
import { defineReport } from "./define-report.js";
import { formatInterval, formatNumber } from "./figure-format.js";
import { asOfOf, retentionOf } from "./report-settings.js";
import { column, meanOf, notPeople, perOf, rateOf, type Cell, type ReportView } from "./report-view.js";

const fieldWords: Readonly<Record<EquityField, string>> = {
  ageBand: "age band",
  sex: "sex",
  ethnicGroup: "ethnic group",
  deprivationDecile: "deprivation decile",
};

const sexWords: Readonly<Record<string, string>> = { "0": "sex not known", "1": "male", "2": "female", "9": "sex not specified" };
const ethnicWords: Readonly<Record<string, string>> = {
  white: "White",
  mixed: "Mixed",
  asian: "Asian",
  black: "Black",
  other: "Other ethnic group",
  "not-stated": "ethnic group not stated",
};

/** A group in words: `aged 18-24`, `female`, `Asian`, `decile 1 (most deprived)`. */
export function groupWords(field: EquityField, group: string): string {
  if (group === "not-recorded") return `${fieldWords[field]} not recorded`;
  switch (field) {
    case "ageBand":
      return `aged ${group}`;
    case "sex":
      return sexWords[group] ?? group;
    case "ethnicGroup":
      return ethnicWords[group] ?? group;
    case "deprivationDecile":
      // Ordinals, so no bare small number reads as a count of people.
      return `${ordinal(group)} decile${group === "1" ? " (most deprived)" : group === "10" ? " (least deprived)" : ""}`;
  }
}

function ordinal(number: string): string {
  const suffix = number === "1" ? "st" : number === "2" ? "nd" : number === "3" ? "rd" : "th";
  return `${number}${suffix}`;
}

const percent = (value: number | null) => (value === null ? "-" : `${formatNumber(value * 100, 1)}%`);
/** A rate's interval as a percentage: the `percent-interval` cells. */
const inPercent = (interval: EstimateInterval | null): Cell =>
  interval === null ? null : { estimate: interval.estimate * 100, lower: interval.lower * 100, upper: interval.upper * 100 };

/** The report's words on one field: the groups referred less than the whole list beyond chance. */
function underReachLine(report: EquityReport, field: EquityField, figures: FigureText): string {
  const overall = report.referralsPer1000;
  const under = report.rows.filter((row) => row.field === field && row.underReached);
  if (overall === null) return `By ${fieldWords[field]}: no list composition is recorded, so there are no rates to compare.`;
  if (under.length === 0) return `By ${fieldWords[field]}: no group is referred less than the whole list beyond chance.`;
  const ci = `${Math.round(report.confidence * 100)}% CI`;
  const groups = under.map((row) => {
    const rate = row.referralsPer1000!;
    return figures.over(
      row.referrals,
      `${groupWords(field, row.group)} (${percent(row.listShare)} of the list, ${percent(row.referralShare)} of referrals; ${formatNumber(rate.estimate, 1)} per 1,000, ${ci} ${formatNumber(rate.lower, 1)}-${formatNumber(rate.upper, 1)})`,
    );
  });
  return `By ${fieldWords[field]}, under-reached against ${formatNumber(overall.estimate, 1)} referrals per 1,000 for the whole list: ${groups.join("; ")}.`;
}

function demandCell(row: EquityGroupRow): Cell {
  return row.demandChange.kind === "insufficient-data" ? null : row.demandChange.change;
}

function view(report: EquityReport, figures: FigureText): Omit<ReportView, "title"> {
  const ci = `${Math.round(report.confidence * 100)}% CI`;
  const overall = report.referralsPer1000;
  const summary = [
    `${figures.count(report.referrals)} referrals from practices with a list composition (${formatNumber(report.listPatients, 0)} registered patients)${
      overall === null
        ? ""
        : `: ${figures.over(report.referrals, formatInterval(overall.estimate, overall.lower, overall.upper, "", 1))} per 1,000 (${ci})`
    }.`,
    ...equityFields.map((field) => underReachLine(report, field, figures)),
  ];
  if (report.peopleLookedUp < report.peopleReferred) {
    summary.push(
      `${figures.count(report.peopleReferred - report.peopleLookedUp)} of ${figures.count(report.peopleReferred)} referred people have no equity fields in the register: they count as not recorded.`,
    );
  }
  if (report.referralsWithoutComposition > 0) {
    summary.push(
      `${figures.count(report.referralsWithoutComposition)} referrals came from practices with no list composition recorded, and are counted nowhere here.`,
    );
  }
  return {
    description:
      "Who social prescribing reaches: referrals per 1,000 registered patients in each group of age, sex, ethnic group and deprivation, against each group's share of the list, and what became of them.",
    asOf: report.asOf,
    summary,
    notes: [
      "The groups come from the person register, joined by pseudonym when the report is made; no event holds them. The denominators are the practices' list compositions in force at the report's date.",
      `Referrals per 1,000 are the period's referrals over the group's patients on the lists, with Wilson ${ci}s. A group is under-reached when the top of its interval is below the whole list's rate: it is referred less than its share of the list, beyond chance. Each group is judged on its own, so among many groups referred in proportion about one in forty is flagged by chance: look for groups flagged period after period. Reach is the group's share of referrals over its share of the list (one is in proportion).`,
      "Ethnic groups are the census's high-level groups, from the NHS ethnic category letters (Chinese counts as Other, as in the 2001 census the letters come from). Deprivation deciles are of the Index of Multiple Deprivation: the 1st is the most deprived tenth of areas.",
      "The decline rate is the referral-source report's: of referrals whose person had decided, the share who declined. Engagement is a first conversation held; completion is of engaged referrals, closed with goals met or connected to support.",
      `The outcome change is the mean change in ${report.outcome.instrument} ${report.outcome.score} from baseline to the latest later assessment. The change in GP use is over the ${report.windowMonths}-month windows before and after referral: the difference in differences against the whole comparison cohort where one is enrolled, else the group's own before/after change, which overstates the effect.`,
    ],
    tables: [
      {
        id: "by-group",
        title: "Reach and results by group",
        columns: [
          column("field", "Field", "text"),
          column("group", "Group", "text"),
          // The lists' counts by group describe whole practice populations, not the people referred.
          column("list_patients", "On the lists", "count", true, notPeople),
          column("list_share", "Share of list", "share", false, notPeople),
          column("referrals", "Referrals", "count"),
          column("referral_share", "Share of referrals", "share", false, perOf("referrals")),
          column("referrals_per_1000", "Per 1,000", "interval", true, meanOf("referrals")),
          column("reach", "Reach", "decimal", true, perOf("referrals")),
          // Judged from the group's referrals: from 1 to 7 of them it is a figure about few people (the summary names no such group either).
          column("under_reached", "Under-reached", "yes-no", true, meanOf("referrals")),
          column("declined", "Declined", "count", false),
          column("decided", "Decided", "count", false),
          column("decline_rate", "Decline rate", "percent-interval", false, rateOf("declined", "decided")),
          column("engaged", "Engaged", "count", false),
          column("engagement_rate", "Engagement", "percent-interval", false, rateOf("engaged", "referrals")),
          column("completed", "Completed", "count", false),
          column("completion_rate", "Completion", "percent-interval", false, rateOf("completed", "engaged")),
          column("outcome_pairs", "Outcome pairs", "count", false),
          column("outcome_change", "Outcome change", "interval", false, meanOf("outcome_pairs")),
          column("gp_use_people", "GP use: people", "count", false),
          column("gp_use_change", "GP use change", "interval", false, meanOf("gp_use_people")),
        ],
        rows: report.rows.map((row) => [
          fieldWords[row.field],
          groupWords(row.field, row.group),
          row.listPatients,
          row.listShare,
          row.referrals,
          row.referralShare,
          row.referralsPer1000,
          row.reachRatio,
          row.unrecorded ? null : row.underReached,
          row.declined,
          row.decided,
          inPercent(row.declineRate),
          row.engaged,
          inPercent(row.engagementRate),
          row.completed,
          inPercent(row.completionRate),
          row.outcomePairs,
          row.outcomeChange,
          row.demandChange.people,
          demandCell(row),
        ]),
      },
    ],
  };
}

/** Who is reached, by each equity field's groups against the practices' lists. */
export const equityReport = defineReport({
  name: "equity",
  readModel: (settings) =>
    equityProjection({
      ...settings.equity,
      demandReduction: { ...settings.equity?.demandReduction, ...retentionOf(settings) },
    }),
  query: (state, settings) =>
    queryEquity(state, settings.equityLookup ?? new Map(), {
      ...asOfOf(settings),
      ...(settings.demandReduction === undefined
        ? {}
        : {
            ...(settings.demandReduction.seed === undefined ? {} : { seed: settings.demandReduction.seed }),
            ...(settings.demandReduction.resamples === undefined ? {} : { resamples: settings.demandReduction.resamples }),
            ...(settings.demandReduction.confidence === undefined ? {} : { confidence: settings.demandReduction.confidence }),
          }),
    }),
  view: (report, figures) => view(report, figures),
});
