import { TEST_CARDS } from '../engine/cards.js';
import { type Html, html } from './html.js';

/** `4242424242424242` → `4242 4242 4242 4242`. */
function spaced(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * The card picker: a radio group "Test card" (each labelled `4242 4242 4242 4242 — Succeeds`)
 * plus a text field "Card number" that, when filled, wins over the radio choice.
 * Form fields: `card` (the chosen number), `number` (typed number).
 */
export function cardPicker(
  options: { selected?: string; typed?: string; legend?: string } = {},
): Html {
  const selected = options.selected ?? TEST_CARDS[0]?.number;
  const radios = TEST_CARDS.filter((card) => card.featured).map((card, i) => {
    const id = `card-${i}`;
    return html`<div class="choice"><input type="radio" name="card" id="${id}" value="${card.number}"${
      card.number === selected ? html` checked` : ''
    }><label for="${id}">${spaced(card.number)} — ${card.label}</label></div>`;
  });
  return html`<fieldset>
<legend>${options.legend ?? 'Test card'}</legend>
${radios}
</fieldset>
<div class="field">
<label for="number">Card number</label>
<input type="text" id="number" name="number" inputmode="numeric" autocomplete="cc-number" value="${
    options.typed ?? ''
  }" aria-describedby="number-hint">
<p class="muted" id="number-hint">Optional: type any test card number instead of choosing one above.</p>
</div>`;
}

/** The card number a submitted picker names: the typed number if any, else the radio choice. */
export function chosenCard(form: URLSearchParams): string {
  const typed = (form.get('number') ?? '').replace(/[\s-]/g, '');
  return typed || (form.get('card') ?? '');
}
