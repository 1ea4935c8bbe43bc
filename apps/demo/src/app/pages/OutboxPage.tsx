import { useQuery } from '@tanstack/react-query';
import { demoApi, demoKeys } from '../demo-api';
import { formatDay } from '../human';

/** The emails the server's notifier sent to the signed-in user, newest first. */
export function OutboxPage() {
  const outbox = useQuery({
    queryKey: demoKeys.outbox,
    queryFn: demoApi.outbox,
    refetchInterval: 2000,
  });
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">Outbox</h1>
      <p className="demo-muted">
        What the billing server's notifier sent you: dunning by attempt, trial ending, action
        required, cancellation. A real app would hand these to its email provider.
      </p>
      {outbox.isError ? <p role="alert">{outbox.error.message}</p> : null}
      {outbox.data && outbox.data.emails.length === 0 ? <p>No emails yet.</p> : null}
      <ol className="demo-outbox" aria-label="Emails">
        {outbox.data?.emails.map((email) => (
          <li key={email.id} data-kind={email.kind}>
            <article>
              <header>
                <strong>{email.subject}</strong>
                <span className="demo-muted">
                  {' '}
                  to {email.to} · {formatDay(email.sentAt, true)} UTC
                </span>
              </header>
              <p>{email.body}</p>
            </article>
          </li>
        ))}
      </ol>
    </section>
  );
}
