import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { BillingProvider } from '@tollgate/react';
import { useState } from 'react';
import { demoApi, demoKeys } from './demo-api';
import { Layout } from './Layout';
import { offlineStripe } from './offline-stripe';
import { BillingPage } from './pages/BillingPage';
import { DeveloperPage } from './pages/DeveloperPage';
import { OutboxPage } from './pages/OutboxPage';
import { PricingPage } from './pages/PricingPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { SignInPage } from './pages/SignInPage';
import { useLocation } from './router';

const OFFLINE_STRIPE = Promise.resolve(offlineStripe);

/** The demo app: a sign-in picker, then the billing pages inside Tollgate's provider. */
export function App() {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: true } } }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <Session />
    </QueryClientProvider>
  );
}

function Session() {
  const session = useQuery({ queryKey: demoKeys.session, queryFn: demoApi.session });
  if (session.isError)
    return <p role="alert">The demo server did not answer: {session.error.message}</p>;
  if (!session.data) return <p className="demo-muted">Loading…</p>;
  if (!session.data.user) return <SignInPage users={session.data.users} />;
  return (
    // Keyed by user: switching accounts starts from a clean slate.
    <BillingProvider
      key={session.data.user.id}
      checkoutReturn={{ interval: 250, maxAttempts: 120 }}
      stripe={session.data.mode === 'emulator' ? OFFLINE_STRIPE : session.data.publishableKey}
    >
      <Layout user={session.data.user}>
        <Page />
      </Layout>
    </BillingProvider>
  );
}

function Page() {
  const { path } = useLocation();
  switch (path) {
    case '/billing':
      return <BillingPage />;
    case '/projects':
      return <ProjectsPage />;
    case '/developer':
      return <DeveloperPage />;
    case '/outbox':
      return <OutboxPage />;
    default:
      return <PricingPage />;
  }
}
