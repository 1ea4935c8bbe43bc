import { useId, useState } from 'react';
import type { useUi } from './use-ui';

/** Props of {@link SeatStepper}. */
export interface SeatStepperProps {
  value: number;
  min: number;
  max: number | null;
  onChange: (seats: number) => void;
  /** Accessible name of the group ("Seats for Team"). */
  label: string;
  disabled?: boolean;
  ui: ReturnType<typeof useUi>;
}

/**
 * A seat count: − and + buttons around a number field (a spinbutton: arrow keys through the
 * browser, typing). A typed count the plan sells applies at once; anything else is brought
 * within `min`…`max` when the field is left, so the server is never asked for a count the plan
 * does not sell; the bounds are announced.
 */
export function SeatStepper({ value, min, max, onChange, label, disabled, ui }: SeatStepperProps) {
  const { labels: l, cls } = ui;
  const hint = useId();
  // What is being typed, until it is a count the plan sells (or the field is left).
  const [draft, setDraft] = useState<string | null>(null);
  const clamp = (n: number) =>
    Number.isFinite(n)
      ? Math.min(max ?? Number.MAX_SAFE_INTEGER, Math.max(min, Math.round(n)))
      : min;
  const step = (by: number) => {
    if (!disabled) onChange(clamp(value + by));
  };
  return (
    <fieldset className={cls('seats')} data-state={disabled ? 'disabled' : 'idle'}>
      <legend className={cls('legend')}>{label}</legend>
      <button
        type="button"
        className={cls('seat-step')}
        aria-label={l.removeSeat}
        aria-disabled={disabled || value <= min || undefined}
        onClick={() => step(-1)}
      >
        −
      </button>
      <input
        type="number"
        inputMode="numeric"
        className={cls('seat-input')}
        aria-label={l.seats}
        aria-describedby={hint}
        min={min}
        max={max ?? undefined}
        value={draft ?? value}
        disabled={disabled}
        onChange={(event) => {
          const typed = event.currentTarget.valueAsNumber;
          const fits = Number.isInteger(typed) && clamp(typed) === typed;
          setDraft(fits ? null : event.currentTarget.value);
          if (fits) onChange(typed);
        }}
        onBlur={() => {
          if (draft !== null) onChange(clamp(Number.parseInt(draft, 10)));
          setDraft(null);
        }}
      />
      <button
        type="button"
        className={cls('seat-step')}
        aria-label={l.addSeat}
        aria-disabled={disabled || (max !== null && value >= max) || undefined}
        onClick={() => step(1)}
      >
        +
      </button>
      <span id={hint} className={cls('seat-range')}>
        {l.seatRange(min, max)}
      </span>
    </fieldset>
  );
}
