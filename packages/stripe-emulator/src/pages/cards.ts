import { createHash } from 'node:crypto';
import { TEST_CARDS } from '../engine/cards.js';
import { type Html, html } from './html.js';

/** `4242424242424242` → `4242 4242 4242 4242`. */
function spaced(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Digits only: `4242 4242-4242 4242` → `4242424242424242`. */
const digits = (number: string) => number.replace(/[\s-]/g, '');

/**
 * Keeps the picker unambiguous in the browser: typing a number clears the radio choice, and
 * choosing a radio clears the typed number; either one switches a "Pay with" choice to "Another
 * card", and choosing the saved card clears both — what is shown selected is what gets charged.
 */
const ONE_CHOICE = `(() => {
  const form = document.currentScript.closest('form');
  if (!form) return;
  const typed = form.querySelector('input[name="number"]');
  const radios = form.querySelectorAll('input[name="card"]');
  const saved = form.querySelector('input[name="source"][value="saved"]');
  const another = form.querySelector('input[name="source"][value="new"]');
  const useAnother = () => { if (another) another.checked = true; };
  typed.addEventListener('input', () => {
    if (!typed.value.trim()) return;
    for (const radio of radios) radio.checked = false;
    useAnother();
  });
  for (const radio of radios) radio.addEventListener('change', () => { typed.value = ''; useAnother(); });
  if (saved) saved.addEventListener('change', () => {
    typed.value = '';
    for (const radio of radios) radio.checked = false;
  });
})();`;

/** The pages' Content-Security-Policy allows this one inline script by its hash, nothing else. */
export const CARD_PICKER_SCRIPT_HASH = `'sha256-${createHash('sha256').update(ONE_CHOICE).digest('base64')}'`;

/**
 * The card picker: a radio group "Test card" (each labelled `4242 4242 4242 4242 — Succeeds`)
 * plus a text field "Card number" that, when filled, wins over the radio choice. A typed number
 * is shown as typed with no radio checked (or as its radio, when it is one of them), so a page
 * shown again after a decline never shows one card selected while charging another.
 * Form fields: `card` (the chosen number), `number` (typed number).
 */
export function cardPicker(
  options: { selected?: string; typed?: string; legend?: string } = {},
): Html {
  const featured = TEST_CARDS.filter((card) => card.featured);
  const typed = digits(options.typed ?? '');
  const typedIsListed = featured.some((card) => card.number === typed);
  const selected = typed
    ? typedIsListed
      ? typed
      : null
    : (options.selected ?? featured[0]?.number);
  const radios = featured.map((card, i) => {
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
    typed && !typedIsListed ? (options.typed ?? '') : ''
  }" aria-describedby="number-hint">
<p class="muted" id="number-hint">Optional: type any test card number instead of choosing one above.</p>
</div>
<script>${{ html: ONE_CHOICE }}</script>`;
}

/** The card number a submitted picker names: the typed number if any, else the radio choice. */
export function chosenCard(form: URLSearchParams): string {
  return digits(form.get('number') ?? '') || (form.get('card') ?? '');
}
