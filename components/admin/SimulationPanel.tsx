"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SimulationRunView } from "@/lib/admin/simulations";
import { callAdminApi } from "./call-api";
import { clock, nats } from "./format";
import { Card } from "./Section";

const STATUS_STYLE: Record<SimulationRunView["status"], string> = {
  RUNNING: "bg-indigo-100 text-indigo-800",
  DONE: "bg-emerald-100 text-emerald-800",
  STOPPED: "bg-amber-100 text-amber-800",
  FAILED: "bg-rose-100 text-rose-800",
};

/**
 * Starts a simulated batch run (in its own process on the server), shows
 * the progress of recent runs and stops a running one.
 */
export function SimulationPanel({
  runs,
  policies,
  defaultPolicy,
  trainerRunning,
}: {
  runs: SimulationRunView[];
  policies: string[];
  defaultPolicy: string;
  trainerRunning: boolean;
}) {
  const router = useRouter();
  const [form, setForm] = useState({
    labels: 200,
    policy: defaultPolicy,
    seed: 1,
    tieRate: 0.1,
    skipRate: 0.05,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = runs.some((run) => run.status === "RUNNING");

  async function act(call: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await call();
      router.refresh();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const number = (key: keyof typeof form, step: string, min: number, max?: number) => (
    <input
      type="number"
      step={step}
      min={min}
      max={max}
      required
      value={form[key]}
      onChange={(event) => setForm({ ...form, [key]: Number(event.target.value) })}
      className="w-24 rounded-md border border-slate-300 px-2 py-1"
    />
  );

  return (
    <Card className="flex flex-col gap-3">
      <h3 className="text-sm font-semibold">Simulated batch run</h3>
      <form
        className="flex flex-wrap items-end gap-3 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          void act(() => callAdminApi("POST", "/api/admin/simulations", form));
        }}
      >
        <label className="flex flex-col gap-1">
          <span>Labels</span>
          {number("labels", "1", 1, 10_000)}
        </label>
        <label className="flex flex-col gap-1">
          <span>Policy</span>
          <select
            value={form.policy}
            onChange={(event) => setForm({ ...form, policy: event.target.value })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1"
          >
            {policies.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span>Seed</span>
          {number("seed", "1", 0)}
        </label>
        <label className="flex flex-col gap-1">
          <span>Tie rate</span>
          {number("tieRate", "0.01", 0, 0.99)}
        </label>
        <label className="flex flex-col gap-1">
          <span>Skip rate</span>
          {number("skipRate", "0.01", 0, 0.99)}
        </label>
        <button
          type="submit"
          disabled={busy || running}
          className="rounded-md bg-indigo-600 px-4 py-1.5 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          Start run
        </button>
      </form>
      <p className="text-xs text-slate-600">
        {trainerRunning
          ? "The app's trainer learns from the run's answers as they arrive."
          : "No trainer is running: the run trains the model itself after every 25 answers."}
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}

      <ul className="flex flex-col gap-2" aria-label="Simulation runs">
        {runs.length === 0 && <li className="text-sm text-slate-500">No runs yet.</li>}
        {runs.map((run) => (
          <li
            key={run.id}
            data-testid="simulation-run"
            data-run-id={run.id}
            data-status={run.status}
            className="flex flex-col gap-1 rounded-md border border-slate-200 p-2 text-sm"
          >
            <div className="flex flex-wrap items-center gap-2">
              <span
                className={`rounded px-1.5 py-0.5 text-xs font-semibold ${STATUS_STYLE[run.status]}`}
              >
                {run.stopping ? "STOPPING" : run.status}
              </span>
              <span className="font-medium">{run.policy}</span>
              <span className="text-slate-600">
                seed {run.seed} · started {clock(run.startedAt)} · run {run.id.slice(0, 8)}
              </span>
              <span className="ml-auto tabular-nums" data-testid="simulation-progress">
                {run.done} / {run.labels} labels
              </span>
              {run.status === "RUNNING" && (
                <button
                  type="button"
                  disabled={busy || run.stopping}
                  onClick={() =>
                    void act(() => callAdminApi("POST", `/api/admin/simulations/${run.id}/stop`))
                  }
                  className="rounded-md border border-rose-300 px-2 py-0.5 text-rose-700 hover:bg-rose-50 disabled:opacity-60"
                >
                  Stop
                </button>
              )}
            </div>
            <div
              role="progressbar"
              aria-label={`Run ${run.id.slice(0, 8)} progress`}
              aria-valuemin={0}
              aria-valuemax={run.labels}
              aria-valuenow={run.done}
              className="h-1.5 overflow-hidden rounded bg-slate-100"
            >
              <div
                className="h-full bg-indigo-500 transition-[width]"
                style={{ width: `${(100 * run.done) / run.labels}%` }}
              />
            </div>
            <span className="text-xs text-slate-600">
              KL {nats(run.klStart)} → {nats(run.klEnd)}
              {run.error ? ` · ${run.error}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
