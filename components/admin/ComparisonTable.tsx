import type { ComparisonRow } from "@/lib/admin/recent-comparisons";
import { clock, milliseconds } from "./format";
import { Card } from "./Section";

const OUTCOME_LABEL = { LEFT: "left", RIGHT: "right", TIE: "tie", SKIP: "skip" } as const;

/**
 * What the model has been asking: each comparison's prompt, the response
 * shown on each side (the chosen one marked), the policy that chose the
 * pair with its acquisition score, and the answers.
 */
export function ComparisonTable({ comparisons }: { comparisons: ComparisonRow[] }) {
  if (comparisons.length === 0) {
    return <Card className="text-sm text-slate-500">No comparisons yet.</Card>;
  }
  return (
    <Card className="overflow-x-auto p-0">
      <table className="w-full text-left text-sm" data-testid="comparison-table">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2">Shown</th>
            <th className="px-3">Prompt</th>
            <th className="px-3">Left</th>
            <th className="px-3">Right</th>
            <th className="px-3">Answer</th>
            <th className="px-3">Policy</th>
            <th className="px-3 text-right">Score</th>
            <th className="px-3 text-right">Model</th>
            <th className="px-3">Annotator</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {comparisons.map((c) => {
            const picked = new Set(c.answers.map((a) => a.outcome));
            return (
              <tr key={c.id} data-testid="comparison-row" data-run-id={c.runId ?? ""}>
                <td className="whitespace-nowrap px-3 py-1.5 text-slate-600">
                  {clock(c.createdAt)}
                </td>
                <td className="max-w-56 px-3">{c.prompt}</td>
                <Side response={c.left} chosen={picked.has("LEFT")} />
                <Side response={c.right} chosen={picked.has("RIGHT")} />
                <td className="whitespace-nowrap px-3" data-testid="comparison-answer">
                  {c.answers.length === 0 ? (
                    <span className="text-slate-400">waiting</span>
                  ) : (
                    c.answers.map((a, i) => (
                      <span key={i} className="mr-2">
                        {OUTCOME_LABEL[a.outcome]}
                        {a.latencyMs !== null && (
                          <span className="text-xs text-slate-500">
                            {" "}
                            {milliseconds(a.latencyMs)}
                          </span>
                        )}
                      </span>
                    ))
                  )}
                </td>
                <td className="px-3">{c.policy}</td>
                <td className="px-3 text-right tabular-nums">{c.acquisitionScore.toFixed(3)}</td>
                <td className="px-3 text-right tabular-nums">v{c.modelVersion}</td>
                <td className="whitespace-nowrap px-3">
                  {c.annotator.name}
                  {c.annotator.type && (
                    <span className="text-xs text-slate-500"> · {c.annotator.type}</span>
                  )}
                  {c.runId && (
                    <span className="text-xs text-slate-500"> · run {c.runId.slice(0, 8)}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

function Side({ response, chosen }: { response: { id: number; text: string }; chosen: boolean }) {
  return (
    <td className={`px-3 ${chosen ? "font-semibold text-emerald-800" : ""}`}>
      {chosen && <span aria-label="chosen">✓ </span>}
      {response.text}
      <span className="text-xs font-normal text-slate-400"> #{response.id}</span>
    </td>
  );
}
