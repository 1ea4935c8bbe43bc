import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from '../src/cli-args.js';

describe('tollgate-emulator arguments', () => {
  it('defaults to port 12111 on 127.0.0.1', () => {
    expect(parseCliArgs([], {})).toEqual({
      command: 'start',
      port: 12111,
      host: '127.0.0.1',
      webhooks: [],
      snapshot: null,
      seed: null,
      meterEventRateLimit: null,
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
      '--meter-event-rate-limit',
      '25',
    ]);
    expect(opts).toMatchObject({
      meterEventRateLimit: 25,
      port: 0,
      webhooks: ['http://localhost:3000/api/billing/webhook', 'https://example.test/hook'],
      snapshot: 'state.json',
      seed: 42,
    });
  });

  it('takes the port and the state file from the environment, flags winning', () => {
    const env = { TOLLGATE_EMULATOR_PORT: '4100', TOLLGATE_EMULATOR_SNAPSHOT: 'state.json' };
    expect(parseCliArgs([], env)).toMatchObject({ port: 4100, snapshot: 'state.json' });
    expect(parseCliArgs(['--port', '0', '--snapshot', 'b.json'], env)).toMatchObject({
      port: 0,
      snapshot: 'b.json',
    });
    expect(parseCliArgs(['trigger', 'invoice.paid'], env)).toMatchObject({
      command: 'trigger',
      event: 'invoice.paid',
      target: { url: 'http://127.0.0.1:4100' },
    });
    expect(
      parseCliArgs(['events', 'list'], { TOLLGATE_EMULATOR_URL: 'http://127.0.0.1:5000' }),
    ).toMatchObject({
      command: 'events list',
      limit: 10,
      target: { url: 'http://127.0.0.1:5000' },
    });
  });

  it('parses listen and events resend, and says what a client command is missing', () => {
    expect(
      parseCliArgs(['listen', '--forward-to', 'http://localhost:3000/hook', '--events', 'a,b'], {}),
    ).toMatchObject({
      command: 'listen',
      forwardTo: 'http://localhost:3000/hook',
      events: ['a', 'b'],
    });
    expect(
      parseCliArgs(['events', 'resend', 'evt_1', '--webhook-endpoint', 'we_1'], {}),
    ).toMatchObject({ command: 'events resend', id: 'evt_1', endpoint: 'we_1' });
    expect(() => parseCliArgs(['listen'], {})).toThrow(/--forward-to/);
    expect(() => parseCliArgs(['trigger'], {})).toThrow(/event type/);
    expect(() => parseCliArgs(['frobnicate'], {})).toThrow(/Unknown command "frobnicate"/);
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
