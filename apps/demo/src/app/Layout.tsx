import { useMutation } from '@tanstack/react-query';
import { BillingStatusBanner, usePlans } from '@tollgate/react';
import type { MouseEvent, ReactNode } from 'react';
import { type DemoUser, demoApi } from './demo-api';
import { planLabel, stateText } from './human';
import { navigate, PAGES, useLocation } from './router';
import { useShownStatus } from './use-shown-status';

/** Header with navigation, the signed-in user and their plan, and the billing banner. */
export function Layout({ user, children }: { user: DemoUser; children: ReactNode }) {
  const { path } = useLocation();
  const status = useShownStatus();
  const plans = usePlans();
  const signOut = useMutation({
    mutationFn: demoApi.signOut,
    onSuccess: () => window.location.assign('/'),
  });
  const follow = (event: MouseEvent<HTMLAnchorElement>, to: string) => {
    event.preventDefault();
    navigate(to);
  };
  return (
    <div className="demo-shell">
      <header className="demo-header">
        <strong className="demo-brand">Tollgate demo</strong>
        <nav aria-label="Pages">
          {PAGES.map((page) => (
            <a
              key={page.path}
              href={page.path}
              aria-current={
                path === page.path || (path === '/' && page.path === '/pricing')
                  ? 'page'
                  : undefined
              }
              onClick={(event) => follow(event, page.path)}
            >
              {page.label}
            </a>
          ))}
        </nav>
        <span className="demo-user" data-testid="signed-in-user">
          {user.name}
          {status.data && (plans.data || plans.isError) ? (
            <span
              className="demo-plan"
              data-testid="current-plan"
              data-plan={status.data.plan}
              data-status={status.data.status}
            >
              {planLabel(plans.data, status.data)} · {stateText(status.data)}
            </span>
          ) : null}
        </span>
        <button type="button" onClick={() => signOut.mutate()}>
          Switch user
        </button>
      </header>
      <BillingStatusBanner returnPath="/billing" choosePlanHref="/pricing" />
      <main className="demo-main">{children}</main>
    </div>
  );
}
