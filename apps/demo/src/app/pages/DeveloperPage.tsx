import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type DevAction, demoApi, demoKeys } from '../demo-api';
import { formatDay } from '../human';

const CLOCK_ACTIONS: { action: DevAction; label: string; hint: string }[] = [
  {
    action: 'advance-day',
    label: 'Advance one day',
    hint: 'Moves your own test clock 24 h (other users keep their time).',
  },
  {
    action: 'trial-end',
    label: 'Jump to trial end',
    hint: 'Moves the clock just past your trial end: the first charge runs.',
  },
  {
    action: 'renewal',
    label: 'Jump to renewal',
    hint: 'Moves the clock just past your period end: the renewal invoice is charged.',
  },
];

const CARD_ACTIONS: { action: DevAction; label: string; hint: string }[] = [
  {
    action: 'fail-next-payment',
    label: 'Make the next payment fail',
    hint: 'The next charge is declined (card 4000 0000 0000 0341); then your own card comes back, so the retry succeeds.',
  },
  {
    action: 'require-3ds',
    label: 'Require 3D Secure',
    hint: 'Switches your default card to 4000 0027 6000 3184: every charge needs authentication.',
  },
];

/** Drives the Stripe emulator so every billing state can be reached by hand. */
export function DeveloperPage() {
  const queryClient = useQueryClient();
  const dev = useQuery({ queryKey: demoKeys.dev, queryFn: demoApi.dev });
  const act = useMutation({
    mutationFn: demoApi.devAction,
    onSuccess: (info) => {
      queryClient.setQueryData(demoKeys.dev, info);
      // Everything billing-related may have moved: refetch the whole Tollgate family.
      return queryClient.invalidateQueries({ queryKey: ['tollgate'] });
    },
  });
  const offline = dev.data?.mode !== 'stripe';
  const [confirmingReset, setConfirmingReset] = useState(false);
  const reset = useMutation({
    mutationFn: demoApi.reset,
    // Everyone is signed out and every cached answer is stale: load the app afresh.
    onSuccess: () => window.location.assign('/'),
  });
  const actionList = (actions: typeof CLOCK_ACTIONS, enabled: boolean) => (
    <ul className="demo-settings">
      {actions.map(({ action, label, hint }) => (
        <li key={action}>
          <div>
            <strong>{label}</strong>
            <p className="demo-muted demo-hint">{hint}</p>
          </div>
          <button
            type="button"
            onClick={() => act.mutate(action)}
            disabled={act.isPending || !enabled}
          >
            {label}
          </button>
        </li>
      ))}
    </ul>
  );
  return (
    <section aria-labelledby="dev-title">
      <h1 id="dev-title">Developer panel</h1>
      <p className="demo-muted demo-lead">
        Drive Stripe's test clock and cards to reach any billing state by hand.
      </p>
      {offline ? null : (
        <p className="demo-muted">
          Running against real Stripe: the clock cannot be moved here (use a test clock in the
          dashboard); card switches still work.
        </p>
      )}
      <section className="demo-card" aria-labelledby="time-title">
        <div className="demo-card-head">
          <h2 id="time-title">Time</h2>
          {dev.data ? (
            <span className="demo-muted">
              Your clock:{' '}
              <time data-testid="emulator-now" dateTime={dev.data.now}>
                {formatDay(dev.data.now, true)} UTC
              </time>
            </span>
          ) : null}
        </div>
        {actionList(CLOCK_ACTIONS, offline)}
      </section>
      <section className="demo-card demo-stacked" aria-labelledby="cards-title">
        <h2 id="cards-title">Cards</h2>
        {actionList(CARD_ACTIONS, true)}
      </section>
      <output aria-live="polite" data-testid="dev-result" className="demo-result">
        {act.isPending ? 'Working…' : null}
        {act.isSuccess ? act.data.message : null}
      </output>
      {act.isError ? <p role="alert">{act.error.message}</p> : null}
      {dev.data?.canReset ? (
        <section aria-labelledby="reset-title" className="demo-card demo-stacked demo-danger">
          <h2 id="reset-title">Start over</h2>
          <p className="demo-muted">
            Deletes every user's subscriptions, invoices, emails, projects and clock, and signs
            everyone out — as deleting <code>apps/demo/.tollgate</code> does.
          </p>
          {confirmingReset ? (
            <div className="demo-row">
              <button
                type="button"
                className="demo-destructive"
                onClick={() => reset.mutate()}
                disabled={reset.isPending}
              >
                {reset.isPending ? 'Starting over…' : 'Delete everything and start over'}
              </button>
              <button type="button" onClick={() => setConfirmingReset(false)}>
                Keep my data
              </button>
            </div>
          ) : (
            <button type="button" onClick={() => setConfirmingReset(true)}>
              Start over…
            </button>
          )}
          {reset.isError ? <p role="alert">{reset.error.message}</p> : null}
        </section>
      ) : null}
    </section>
  );
}
