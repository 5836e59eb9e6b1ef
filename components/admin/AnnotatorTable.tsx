import type { AnnotatorReport } from "@/lib/admin/annotator-stats";
import { milliseconds, percent } from "./format";
import { Card } from "./Section";

/**
 * Per annotator: how much they answered, how (ties, skips, left picks),
 * how fast, and how often they agree with others judging the same pair;
 * above it, agreement across everyone with Fleiss' kappa.
 */
export function AnnotatorTable({ report }: { report: AnnotatorReport }) {
  const { agreement } = report;
  return (
    <div className="flex flex-col gap-3">
      <Card className="flex flex-wrap gap-x-8 gap-y-2 text-sm" data-testid="agreement-summary">
        <Figure label="Pairs judged by 2+ annotators" value={agreement.items} />
        <Figure label="Their judgements" value={agreement.judgements} />
        <Figure label="Agreement" value={percent(agreement.agreement, 1)} />
        <Figure
          label="Fleiss' kappa"
          value={agreement.kappa === null ? "—" : agreement.kappa.toFixed(3)}
        />
        <p className="basis-full text-xs text-slate-600">
          A pair is a prompt with two responses, whichever side each was shown on; a judgement is
          the preferred response or a tie (skips are left out). Agreement is the share of agreeing
          pairs of judgements per pair, averaged; kappa corrects it for chance (0 = chance, 1 =
          perfect).
          {agreement.items > 0 && agreement.items < 20 && (
            <strong className="font-medium text-amber-800">
              {" "}
              Few pairs were judged twice so far: read the kappa as a rough sign only.
            </strong>
          )}
        </p>
      </Card>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-left text-sm" data-testid="annotator-table">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Annotator</th>
              <th className="px-3 text-right">Answers</th>
              <th className="px-3 text-right">Ties</th>
              <th className="px-3 text-right">Skips</th>
              <th className="px-3 text-right">Median time</th>
              <th className="px-3">Left picks</th>
              <th className="px-3 text-right">Agrees with others</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {report.annotators.map((a) => (
              <tr key={a.id} data-testid="annotator-row">
                <td className="whitespace-nowrap px-3 py-1.5">
                  {a.displayName ?? `anonymous ${a.id.slice(0, 8)}`}
                  <span className="text-xs text-slate-500">
                    {" "}
                    · {a.kind === "HUMAN" ? "person" : `simulated ${a.simulatedType ?? ""}`}
                    {a.runId ? ` · run ${a.runId.slice(0, 8)}` : ""}
                  </span>
                </td>
                <td className="px-3 text-right tabular-nums">{a.answers}</td>
                <td className="px-3 text-right tabular-nums">{a.ties}</td>
                <td className="px-3 text-right tabular-nums">{a.skips}</td>
                <td className="px-3 text-right tabular-nums">{milliseconds(a.medianLatencyMs)}</td>
                <td className="px-3">
                  <LeftShare share={a.leftShare} picks={a.leftPicks + a.rightPicks} />
                </td>
                <td className="px-3 text-right tabular-nums">
                  {a.agreementPairs === 0 ? (
                    <span className="text-slate-400">no shared pairs</span>
                  ) : (
                    <>
                      {percent(a.agreement)}
                      <span className="text-xs text-slate-500"> of {a.agreementPairs}</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.totalAnnotators > report.annotators.length && (
          <p className="px-3 py-2 text-xs text-slate-500">
            Showing the {report.annotators.length} most active of {report.totalAnnotators}{" "}
            annotators.
          </p>
        )}
      </Card>
    </div>
  );
}

/** The share of left picks on a bar with its no-bias midpoint marked. */
function LeftShare({ share, picks }: { share: number | null; picks: number }) {
  if (share === null) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex items-center gap-2">
      <span className="relative h-2 w-24 rounded bg-slate-100" aria-hidden>
        <span
          className="absolute inset-y-0 left-0 rounded bg-sky-500"
          style={{ width: percent(share) }}
        />
        <span className="absolute inset-y-[-2px] left-1/2 w-px bg-slate-500" />
      </span>
      <span className="tabular-nums">{percent(share)}</span>
      <span className="text-xs text-slate-500">of {picks}</span>
    </span>
  );
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="flex flex-col">
      <span className="text-xs text-slate-500">{label}</span>
      <span className="text-xl font-semibold tabular-nums">{value}</span>
    </div>
  );
}
