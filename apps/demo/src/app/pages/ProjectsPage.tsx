import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FeatureGate, UsageMeter } from '@tollgate/react';
import { demoApi, demoKeys } from '../demo-api';
import { navigate } from '../router';

const Upgrade = ({ children }: { children: string }) => (
  <p className="demo-locked">
    {children}{' '}
    <a
      href="/pricing"
      onClick={(event) => {
        event.preventDefault();
        navigate('/pricing');
      }}
    >
      See plans
    </a>
  </p>
);

/** The gated feature: projects limited per plan, and an API whose calls are metered. */
export function ProjectsPage() {
  const queryClient = useQueryClient();
  const usage = useQuery({ queryKey: demoKeys.usage, queryFn: demoApi.usage });
  const onUsage = {
    onSuccess: (data: Awaited<ReturnType<typeof demoApi.usage>>) =>
      queryClient.setQueryData(demoKeys.usage, data),
  };
  const createProject = useMutation({ mutationFn: demoApi.createProject, ...onUsage });
  const callApi = useMutation({
    mutationFn: demoApi.callApi,
    onSuccess: (data: Awaited<ReturnType<typeof demoApi.usage>>) => {
      queryClient.setQueryData(demoKeys.usage, data);
      // The call went to Tollgate's usage outbox: the meter shows it as pending at once.
      void queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'tollgate' && q.queryKey.includes('usage'),
      });
    },
  });
  const projects = usage.data?.projects ?? 0;
  return (
    <section aria-labelledby="projects-title">
      <h1 id="projects-title">Projects</h1>
      <p className="demo-muted demo-lead">
        Features gated by your plan: the project limit, and an API billed by usage.
      </p>
      <section className="demo-card" aria-labelledby="projects-list-title">
        <h2 id="projects-list-title">Your projects</h2>
        <p data-testid="project-count">Projects: {projects}</p>
        <FeatureGate
          feature="projects"
          usage={projects}
          fallback={<Upgrade>You have reached your plan's project limit.</Upgrade>}
        >
          <button
            type="button"
            onClick={() => createProject.mutate()}
            disabled={createProject.isPending}
          >
            New project
          </button>
        </FeatureGate>
        {createProject.isError ? <p role="alert">{createProject.error.message}</p> : null}
      </section>

      <section className="demo-card demo-stacked" aria-labelledby="api-title">
        <h2 id="api-title">API console</h2>
        <FeatureGate
          feature="api_access"
          fallback={<Upgrade>The API is available on Starter and above.</Upgrade>}
        >
          <p>
            Each call is recorded in Tollgate's usage outbox and delivered to Stripe's Billing
            Meters (the "API calls" add-on: 100 a month included).
          </p>
          <FeatureGate
            feature="api_access"
            meter="demo_api_calls"
            fallback={
              <Upgrade>You have used every API call your plan includes this month.</Upgrade>
            }
          >
            <button type="button" onClick={() => callApi.mutate()} disabled={callApi.isPending}>
              Make an API call
            </button>
          </FeatureGate>
          <p data-testid="api-calls">API calls this period: {usage.data?.apiCalls ?? 0}</p>
          <UsageMeter meters={['demo_api_calls']} upgradeHref="/pricing" />
        </FeatureGate>
        {callApi.isError ? <p role="alert">{callApi.error.message}</p> : null}
      </section>
    </section>
  );
}
