const made = new Map<string, unknown>();

/** `new Ctor(locale, options)`, built once per distinct arguments: Intl objects are slow to build. */
export function intl<T, O>(
  Ctor: new (locale: string | string[] | undefined, options: O) => T,
  locale: string | readonly string[] | undefined,
  options: O,
): T {
  const key = JSON.stringify([Ctor.name, locale, options]);
  let value = made.get(key) as T | undefined;
  if (value === undefined) {
    value = new Ctor(locale as string | string[] | undefined, options);
    made.set(key, value);
  }
  return value;
}
