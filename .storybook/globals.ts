import type { GlobalTypes } from 'storybook/internal/types';

/** Locales the stories are checked in: English, German, Japanese and one right-to-left script. */
export const LOCALES = ['en-US', 'de-DE', 'ja-JP', 'ar'] as const;

/** Toolbar globals: colour theme, locale (money, dates, `lang`) and writing direction. */
export const globalTypes: GlobalTypes = {
  theme: {
    description: 'Colour theme',
    toolbar: {
      title: 'Theme',
      icon: 'mirror',
      items: [
        { value: 'light', title: 'Light' },
        { value: 'dark', title: 'Dark' },
      ],
      dynamicTitle: true,
    },
  },
  locale: {
    description: 'Locale for money, dates and the lang attribute',
    toolbar: {
      title: 'Locale',
      icon: 'globe',
      items: LOCALES.map((value) => ({ value, title: value })),
      dynamicTitle: true,
    },
  },
  dir: {
    description: 'Writing direction (auto follows the locale)',
    toolbar: {
      title: 'Direction',
      icon: 'transfer',
      items: [
        { value: 'auto', title: 'Auto (from locale)' },
        { value: 'ltr', title: 'Left to right' },
        { value: 'rtl', title: 'Right to left' },
      ],
      dynamicTitle: true,
    },
  },
};

export const initialGlobals = { theme: 'light', locale: 'en-US', dir: 'auto' };

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** The writing direction for a `dir` global, resolving `auto` from the locale's script. */
export function directionFor(dir: string | undefined, locale: string): 'ltr' | 'rtl' {
  if (dir === 'ltr' || dir === 'rtl') return dir;
  const language = new Intl.Locale(locale).language;
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
}

/** Story globals of the overview variants every component has: a dark phone, and 1280 px right to left. */
export const PHONE_DARK = { viewport: { value: 'phone375', isRotated: false }, theme: 'dark' };
export const DESKTOP_RTL = { viewport: { value: 'desktop1280', isRotated: false }, locale: 'ar' };
