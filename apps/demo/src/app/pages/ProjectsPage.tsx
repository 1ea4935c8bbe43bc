import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FeatureGate } from '@tollgate/react';
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
  const callApi = useMutation({ mutationFn: demoApi.callApi, ...onUsage });
  const projects = usage.data?.projects ?? 0;
  return (
    <section aria-labelledby="projects-title">
      <h1 id="projects-title">Projects</h1>
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

      <h2>API console</h2>
      <FeatureGate
        feature="api_access"
        fallback={<Upgrade>The API is available on Starter and above.</Upgrade>}
      >
        <p>Each call is reported to Stripe as metered usage (the "API calls" add-on).</p>
        <button type="button" onClick={() => callApi.mutate()} disabled={callApi.isPending}>
          Make an API call
        </button>
        <p data-testid="api-calls">API calls this period: {usage.data?.apiCalls ?? 0}</p>
      </FeatureGate>
      {callApi.isError ? <p role="alert">{callApi.error.message}</p> : null}
    </section>
  );
}
