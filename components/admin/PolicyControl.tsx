"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callAdminApi } from "./call-api";
import { Card } from "./Section";

/** Chooses the exploration policy for the comparisons people get next. */
export function PolicyControl({ active, available }: { active: string; available: string[] }) {
  const router = useRouter();
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function choose(policy: string) {
    setSaving(true);
    setMessage(null);
    try {
      await callAdminApi("PUT", "/api/admin/policy", { policy });
      setMessage(`The next comparisons use ${policy}.`);
      router.refresh();
    } catch (error) {
      setMessage((error as Error).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold">Exploration policy</h3>
      <label className="flex items-center gap-2 text-sm">
        <span>Policy for people</span>
        <select
          className="rounded-md border border-slate-300 bg-white px-2 py-1"
          value={active}
          disabled={saving}
          onChange={(event) => void choose(event.target.value)}
          data-testid="policy-select"
        >
          {available.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <p className="text-xs text-slate-600">
        Each comparison records the policy that chose it; switching affects only the next ones.
      </p>
      <p role="status" className="min-h-4 text-xs text-emerald-700" data-testid="policy-status">
        {message}
      </p>
    </Card>
  );
}
