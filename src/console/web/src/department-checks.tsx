/**
 * 协办单位: one checkbox per handling department but the lead, in a fieldset with the API's
 * refusal under it. The dispatch dialog and the routing rule editor both ask it.
 */
export function AssistingChecks({ legend, departments, lead, assisting, onChange, error, errorId }: {
  legend: string;
  departments: readonly { id: string; name: string }[];
  lead: string;
  assisting: string[];
  onChange(next: string[]): void;
  error?: string;
  errorId: string;
}) {
  return (
    <fieldset className="span-all checks" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {departments
        .filter((d) => d.id !== lead)
        .map((d) => (
          <label key={d.id} className="check">
            <input type="checkbox" checked={assisting.includes(d.id)} onChange={(e) => onChange(e.target.checked ? [...assisting, d.id] : assisting.filter((x) => x !== d.id))} /> {d.name}
          </label>
        ))}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}
