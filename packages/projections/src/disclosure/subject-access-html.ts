import { printable } from "@linkwork/core";
import type { SubjectAccessRecord } from "./subject-access.js";

/**
 * The subject access export as a page the person can read: self-contained (styles inline; no
 * script, font, image or link loaded), every value escaped, dates as dates.
 */

/** Text made safe for HTML: control and bidirectional characters escaped, then the five HTML characters. */
function escape(text: string): string {
  return printable(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** `2025-03-04T10:15:00Z` as "4 March 2025, 10:15". */
function when(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  const date = at.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const time = at.toISOString().slice(11, 16);
  return time === "00:00" ? date : `${date}, ${time}`;
}

const styles = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 960px; padding: 24px; color: #222; line-height: 1.5; }
h2 { border-bottom: 2px solid #1f6f8b; padding-bottom: 4px; margin-top: 40px; }
.meta { color: #555; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dt { font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
th, td { border-bottom: 1px solid #ddd; padding: 6px 8px; vertical-align: top; text-align: left; }
th { background: #eef2f5; }
td ul { margin: 0; padding-left: 18px; }
`;

/** The page for a subject access record. */
export function subjectAccessHtml(record: SubjectAccessRecord): string {
  const identifiers =
    record.identifiers === null
      ? "<p>No identifying details (name, NHS number, contact details) are held with these records: they are kept in the local record system, which answers for them separately.</p>"
      : `<dl>${record.identifiers.map((entry) => `<dt>${escape(entry.label)}</dt><dd>${escape(entry.text)}</dd>`).join("")}</dl>`;
  const streams = record.streams
    .map(
      (stream) => `<section data-stream="${escape(stream.kind)}">
<h2>${escape(stream.title)}</h2>
<table><thead><tr><th scope="col">When</th><th scope="col">What happened</th><th scope="col">Details</th></tr></thead><tbody>
${stream.events
  .map(
    (event) =>
      `<tr><td>${escape(when(event.occurredAt))}</td><td>${escape(event.what)}<br><span class="meta">recorded by ${escape(event.recordedBy)}</span></td><td><ul>${event.details
        .map((detail) => `<li>${escape(detail.label)}: ${escape(detail.text)}</li>`)
        .join("")}</ul></td></tr>`,
  )
  .join("\n")}
</tbody></table>
</section>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Information held about you</title>
<style>${styles}</style>
</head>
<body>
<h1>Information held about you</h1>
<p class="meta">Your reference number: ${escape(record.personId)}. ${record.events} record${record.events === 1 ? "" : "s"} in ${record.streams.length} part${record.streams.length === 1 ? "" : "s"}.</p>
<h2>Your details</h2>
${identifiers}
${record.streams.length === 0 ? "<p>No social prescribing records are held about you.</p>" : streams}
</body>
</html>
`;
}
