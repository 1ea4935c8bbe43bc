/** `tollgate-emulator events list` and `events resend <id>`. */
import { call, type Target } from './api.js';

interface EventRow {
  id: string;
  type: string;
  created: number;
}

/** Prints the newest events, one a line: `evt_… type created-at`. */
export async function listEvents(
  target: Target,
  options: { limit: number; type?: string },
  out: (line: string) => void,
): Promise<EventRow[]> {
  const page = await call<{ data: EventRow[] }>(target, 'GET', '/v1/events', {
    limit: options.limit,
    ...(options.type ? { type: options.type } : {}),
  });
  for (const e of page.data)
    out(`${e.id}  ${e.type.padEnd(40)}  ${new Date(e.created * 1000).toISOString()}`);
  if (!page.data.length) out('No events yet.');
  return page.data;
}

/** Sends event `id` to the webhook endpoints again (or only to `endpoint`). */
export async function resendEvent(
  target: Target,
  id: string,
  endpoint: string | undefined,
  out: (line: string) => void,
): Promise<void> {
  const event = await call<EventRow>(target, 'POST', `/v1/events/${encodeURIComponent(id)}/retry`, {
    ...(endpoint ? { webhook_endpoint: endpoint } : {}),
  });
  out(`Resent ${event.id} (${event.type})${endpoint ? ` to ${endpoint}` : ''}.`);
}
