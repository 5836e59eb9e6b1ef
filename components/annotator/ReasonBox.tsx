"use client";

export interface ReasonBoxProps {
  value: string;
  onChange: (value: string) => void;
}

/**
 * The optional free-text reason. The answer keys do nothing while it has
 * focus, so typing "1", "t" or Enter here never answers; Escape leaves it.
 */
export function ReasonBox({ value, onChange }: ReasonBoxProps) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="reason" className="font-medium text-slate-900">
        Why? <span className="font-normal text-slate-700">(optional)</span>
      </label>
      <textarea
        id="reason"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") event.currentTarget.blur();
        }}
        aria-describedby="reason-hint"
        maxLength={2000}
        rows={2}
        data-testid="reason"
        className="rounded-md border border-slate-400 bg-white p-2 text-slate-900 focus-visible:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300"
      />
      <p id="reason-hint" className="text-sm text-slate-700">
        Shortcuts pause while you type here; press Esc to leave the box. Your reason is saved with
        your answer.
      </p>
    </div>
  );
}
