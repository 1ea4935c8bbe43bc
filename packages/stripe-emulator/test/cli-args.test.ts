import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from '../src/cli-args.js';

describe('tollgate-emulator arguments', () => {
  it('defaults to port 12111 on 127.0.0.1', () => {
    expect(parseCliArgs([])).toEqual({
      port: 12111,
      host: '127.0.0.1',
      webhooks: [],
      snapshot: null,
      seed: null,
      help: false,
    });
  });

  it('reads every option, with repeatable --webhook', () => {
    const opts = parseCliArgs([
      '--port',
      '0',
      '--webhook',
      'http://localhost:3000/api/billing/webhook',
      '--webhook=https://example.test/hook',
      '--snapshot',
      'state.json',
      '--seed',
      '42',
    ]);
    expect(opts).toMatchObject({
      port: 0,
      webhooks: ['http://localhost:3000/api/billing/webhook', 'https://example.test/hook'],
      snapshot: 'state.json',
      seed: 42,
    });
  });

  it('rejects bad input with a message saying what to fix', () => {
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(
      /--port must be an integer from 0 to 65535/,
    );
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--webhook', 'ftp://x'])).toThrow(/http\(s\) URL/);
    expect(() => parseCliArgs(['--nope'])).toThrow(/Usage: tollgate-emulator/);
  });
});
