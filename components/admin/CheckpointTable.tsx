"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { CheckpointSummary } from "@/lib/admin/checkpoints";
import { callAdminApi } from "./call-api";
import { dateTime, nats } from "./format";
import { Card } from "./Section";

/**
 * The newest model versions; any older one can be restored, which
 * publishes a new version with its weights (nothing is deleted).
 */
export function CheckpointTable({
  checkpoints,
  limit = 12,
}: {
  checkpoints: CheckpointSummary[];
  limit?: number;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const newest = checkpoints.at(-1)?.version;
  const shown = checkpoints.slice(-limit).reverse();

  async function rollback(version: number) {
    setConfirming(null);
    try {
      const result = await callAdminApi<{ version: number }>("POST", "/api/admin/checkpoints", {
        rollbackTo: version,
      });
      setMessage(`Published v${result.version} with the weights of v${version}.`);
      router.refresh();
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  return (
    <Card className="flex flex-col gap-2 overflow-x-auto">
      <h3 className="text-sm font-semibold">Model versions</h3>
      <table className="w-full text-left text-sm" data-testid="checkpoint-table">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1 pr-3">Version</th>
            <th className="pr-3">Published</th>
            <th className="pr-3 text-right">Answers learned</th>
            <th className="pr-3 text-right">New in round</th>
            <th className="pr-3 text-right">Loss before → after</th>
            <th className="pr-3 text-right">KL</th>
            <th className="pr-3" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {shown.map((c) => (
            <tr key={c.version} data-testid="checkpoint-row" data-version={c.version}>
              <td className="py-1 pr-3 font-medium">
                v{c.version}
                {c.rolledBackFrom !== null && (
                  <span className="ml-2 text-xs font-normal text-rose-700">
                    copy of v{c.rolledBackFrom}
                  </span>
                )}
              </td>
              <td className="pr-3 text-slate-600">{dateTime(c.createdAt)}</td>
              <td className="pr-3 text-right tabular-nums">{c.answersLearned}</td>
              <td className="pr-3 text-right tabular-nums">{c.newAnswers ?? "—"}</td>
              <td className="pr-3 text-right tabular-nums">
                {c.lossBefore === null ? "—" : `${nats(c.lossBefore)} → ${nats(c.lossAfter)}`}
              </td>
              <td className="pr-3 text-right tabular-nums">{nats(c.kl)}</td>
              <td className="pr-3 text-right">
                {c.version !== newest &&
                  (confirming === c.version ? (
                    <span className="flex justify-end gap-1">
                      <button
                        type="button"
                        onClick={() => void rollback(c.version)}
                        className="rounded-md bg-rose-600 px-2 py-0.5 text-xs text-white"
                      >
                        Confirm roll back to v{c.version}
                      </button>
                      <button
                        type="button"
                        onClick={() => setConfirming(null)}
                        className="rounded-md border border-slate-300 px-2 py-0.5 text-xs"
                      >
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      onClick={() => setConfirming(c.version)}
                      className="rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
                    >
                      Roll back to this
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {checkpoints.length > limit && (
        <p className="text-xs text-slate-500">
          Showing the newest {limit} of {checkpoints.length} versions; all are in the curves above
          and at /api/admin/checkpoints.
        </p>
      )}
      <p role="status" className="min-h-4 text-xs text-emerald-700">
        {message}
      </p>
    </Card>
  );
}
