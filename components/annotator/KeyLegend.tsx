import { SHORTCUTS } from "./shortcuts";

/** The keyboard shortcuts, always on the page. */
export function KeyLegend() {
  const items = [
    ["left response", SHORTCUTS.LEFT.hint],
    ["right response", SHORTCUTS.RIGHT.hint],
    ["tie", SHORTCUTS.TIE.hint],
    ["skip", SHORTCUTS.SKIP.hint],
  ] as const;
  return (
    <section aria-labelledby="keys" className="text-sm text-slate-700">
      <h2 id="keys" className="sr-only">
        Keyboard shortcuts
      </h2>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {items.map(([what, key]) => (
          <li key={what}>
            <kbd className="key">{key}</kbd> {what}
          </li>
        ))}
        <li>
          <kbd className="key">Esc</kbd> leave the reason box
        </li>
      </ul>
    </section>
  );
}
