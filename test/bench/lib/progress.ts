const started = performance.now();

/** A progress line on stderr with the seconds since the run started. */
export function progress(message: string): void {
  process.stderr.write(
    `bench: [${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`,
  );
}
