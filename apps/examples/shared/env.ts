/** Reads required variables, failing with one message that names every missing one. */
export function requireEnv<K extends string>(
  names: readonly K[],
  env: Record<string, string | undefined> = process.env,
): Record<K, string> {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `Set ${missing.join(', ')} before starting this example (see apps/examples/README.md).`,
    );
  }
  return Object.fromEntries(names.map((name) => [name, env[name]!])) as Record<K, string>;
}
