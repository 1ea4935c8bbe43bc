import { useCallback, useSyncExternalStore } from 'react';

/** The demo's pages, by path. */
export const PAGES = [
  { path: '/pricing', label: 'Pricing' },
  { path: '/billing', label: 'Billing' },
  { path: '/projects', label: 'Projects' },
  { path: '/developer', label: 'Developer' },
  { path: '/outbox', label: 'Outbox' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
};

/** Navigates without a reload. */
export function navigate(to: string): void {
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path and query, re-rendering on navigation. */
export function useLocation(): {
  path: string;
  search: URLSearchParams;
  navigate: typeof navigate;
} {
  const href = useSyncExternalStore(
    subscribe,
    () => window.location.pathname + window.location.search,
  );
  const url = new URL(href, 'http://demo.invalid');
  const go = useCallback((to: string) => navigate(to), []);
  return { path: url.pathname, search: url.searchParams, navigate: go };
}
