import { Card } from "./Section";

const EXPORTS = [
  {
    href: "/api/admin/export/answers?format=csv",
    label: "Every answer (CSV)",
    note: "one row per answer; text cells starting with = + - @ get a leading ' for spreadsheets",
  },
  {
    href: "/api/admin/export/answers?format=jsonl",
    label: "Every answer (JSONL)",
    note: "the same rows as JSON Lines, text unaltered",
  },
  {
    href: "/api/admin/export/preferences",
    label: "Preference pairs (JSONL)",
    note: "{prompt, chosen, rejected} for TRL-style trainers; ties, skips and split decisions left out",
  },
  {
    href: "/api/admin/export/preferences?annotators=human",
    label: "Preference pairs, people only (JSONL)",
    note: "the same, from people's answers alone (no simulated annotators)",
  },
];

/** Download links; the same URLs serve scripts with `Authorization: Bearer`. */
export function ExportLinks() {
  return (
    <Card className="flex flex-col gap-2 text-sm">
      <ul className="flex flex-col gap-1">
        {EXPORTS.map((e) => (
          <li key={e.href}>
            <a href={e.href} download className="font-medium text-indigo-700 hover:underline">
              {e.label}
            </a>{" "}
            <span className="text-slate-600">— {e.note}</span>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-600">
        From a script:{" "}
        <code className="rounded bg-slate-100 px-1">
          curl -H &quot;Authorization: Bearer $ADMIN_TOKEN&quot;
          http://HOST/api/admin/export/preferences
        </code>
      </p>
    </Card>
  );
}
