/**
 * The Stripe emulator in its own process, for benchmarks whose contenders run in processes of
 * their own (peer.ts): reports `{port, secretKey}` over IPC, and profiles itself on request
 * (`serveProfiles`).
 */
import { startEmulator } from '@tollgate/stripe-emulator';
import { serveProfiles } from '../lib/profile';

// tsx switches source maps on; a production build runs without them (see peer.ts).
process.setSourceMapsEnabled(false);

const emulator = await startEmulator({ port: 0 });
process.send?.({ port: emulator.port, secretKey: emulator.secretKey });
serveProfiles();
