import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import './number-field.css';

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** Whole numbers only (rounded on commit). */
  integer?: boolean;
  disabled?: boolean;
  /** Called with the typed value, clamped to [min, max], when the user leaves the field or presses Enter. */
  onCommit(value: number): void;
}

/**
 * A number setting that lets the keyboard work: what is typed stays as typed (the field may be
 * empty, or "0." on the way to "0.3"); a value in range is stored as it is typed, and when the
 * user leaves the field or presses Enter it is clamped to the range the hint shows. A field left
 * empty or unreadable gets the last good value back. The input is uncontrolled, so React never
 * rewrites a half-typed value.
 */
export function NumberField({ label, value, min, max, step, integer = false, disabled, onCommit }: NumberFieldProps) {
  const id = useId();
  const rangeId = useId();
  const input = useRef<HTMLInputElement>(null);
  // The store changed (a restore, another control): show it, unless the user is typing here.
  useEffect(() => {
    const field = input.current;
    if (field && document.activeElement !== field) field.value = String(value);
  }, [value]);
  const commit = (): void => {
    const field = input.current;
    if (!field) return;
    const typed = parseTyped(field.value);
    if (typed === null) {
      field.value = String(value);
      return;
    }
    const clamped = Math.min(max, Math.max(min, integer ? Math.round(typed) : typed));
    field.value = String(clamped);
    if (clamped !== value) onCommit(clamped);
  };
  // A value already in range is stored as it is typed (a reload keeps it); the field is never rewritten here.
  const onInput = (): void => {
    const typed = input.current ? parseTyped(input.current.value) : null;
    const whole = !integer || Number.isInteger(typed);
    if (typed !== null && whole && typed >= min && typed <= max && typed !== value) onCommit(typed);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'Enter') return;
    commit();
    // Plain Enter commits the number; Ctrl+Enter goes on to the form, which translates.
    if (!event.ctrlKey && !event.metaKey) event.preventDefault();
  };
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        min={min}
        max={max}
        step={step}
        defaultValue={value}
        disabled={disabled}
        aria-describedby={rangeId}
        onInput={onInput}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
      <span id={rangeId} className="number-range">
        {min}–{max}
      </span>
    </>
  );
}

/** The typed text as a number (a decimal comma too), or null when it is empty or not a number. */
function parseTyped(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : null;
}
