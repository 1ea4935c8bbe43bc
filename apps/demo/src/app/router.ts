import { useSyncExternalStore } from 'react';

/** The demo's pages, by path. */
export const PAGES = [
  { path: '/pricing', label: 'Pricing' },
  { path: '/billing', label: 'Billing' },
  { path: '/projects', label: 'Projects' },
  { path: '/developer', label: 'Developer' },
  { path: '/outbox', label: 'Outbox' },
] as const;

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
};

/** Navigates without a reload. */
export function navigate(to: string): void {
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path, re-rendering on navigation. */
export function useLocation(): { path: string } {
  return { path: useSyncExternalStore(subscribe, () => window.location.pathname) };
}
