import { describe, expect, it } from 'vitest';
import { readDemoPorts } from './cli-options';
import { DemoConfigError } from './config';

describe('pnpm demo ports', () => {
  it('defaults to 4000 and 12111', () => {
    expect(readDemoPorts([], {})).toEqual({ port: 4000, emulatorPort: 12111 });
  });

  it('reads PORT and TOLLGATE_EMULATOR_PORT, and the flags over them', () => {
    const env = { PORT: '4100', TOLLGATE_EMULATOR_PORT: '12200' };
    expect(readDemoPorts([], env)).toEqual({ port: 4100, emulatorPort: 12200 });
    expect(readDemoPorts(['--port', '4300', '--emulator-port=0'], env)).toEqual({
      port: 4300,
      emulatorPort: 0,
    });
    // `pnpm demo -- --port 4300` passes the separator through.
    expect(readDemoPorts(['--', '--port', '4300'], {})).toMatchObject({ port: 4300 });
  });

  it('refuses what is not a port, naming the flag or variable', () => {
    expect(() => readDemoPorts(['--port', 'abc'], {})).toThrow(/--port must be a port number/);
    expect(() => readDemoPorts([], { TOLLGATE_EMULATOR_PORT: '70000' })).toThrow(
      /TOLLGATE_EMULATOR_PORT must be a port number from 0 to 65535, got "70000"/,
    );
    expect(() => readDemoPorts(['--prot', '1'], {})).toThrow(DemoConfigError);
  });

  it('answers null for --help', () => {
    expect(readDemoPorts(['-h'], {})).toBeNull();
  });
});
