/** Labelled form controls: the label wraps its control, so every field has an accessible name. */
import type { JSX } from 'preact';

/** A labelled drop-down of [value, text] options. */
export function SelectField<T extends string>({
  label,
  name,
  value,
  options,
  onChange,
}: {
  label: string;
  name: string;
  value: T;
  options: readonly (readonly [NoInfer<T>, string])[];
  onChange(value: NoInfer<T>): void;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => onChange(e.currentTarget.value as T)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled input; `onText` gets the typed text. */
export function InputField({
  label,
  onText,
  ...input
}: { label: string; onText(text: string): void } & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'onInput'>) {
  return (
    <label>
      {label}
      <input {...input} onInput={(e) => onText(e.currentTarget.value)} />
    </label>
  );
}
