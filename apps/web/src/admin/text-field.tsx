export interface TextFieldProps {
  label: string
  name: string
  value: string
  onChange: (value: string) => void
  error: string | null
  type?: 'text' | 'tel' | 'password'
  autoComplete?: string
  hint?: string
}

/** A labelled input with its hint and its error underneath, as every admin form lays them out. */
export function TextField({
  label,
  name,
  value,
  onChange,
  error,
  type = 'text',
  autoComplete = 'off',
  hint,
}: TextFieldProps) {
  return (
    <label>
      <span>{label}</span>
      <input
        name={name}
        type={type}
        value={value}
        autoComplete={autoComplete}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error !== null}
      />
      {hint && <span className="field-hint">{hint}</span>}
      {error && <span className="field-error">{error}</span>}
    </label>
  )
}
