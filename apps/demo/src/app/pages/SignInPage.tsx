import { useMutation } from '@tanstack/react-query';
import { type DemoUser, demoApi } from '../demo-api';

/** The demo's whole "auth": pick an account. Billing is per account, so try two. */
export function SignInPage({ users }: { users: DemoUser[] }) {
  const signIn = useMutation({
    mutationFn: (userId: string) => demoApi.signIn(userId),
    // A fresh page per account: nothing cached for one user can show for another.
    onSuccess: () =>
      window.location.assign(window.location.pathname === '/' ? '/pricing' : window.location.href),
  });
  return (
    <main className="demo-signin">
      <h1>Tollgate demo</h1>
      <p className="demo-muted demo-lead">
        Pick an account. Each has its own Stripe customer, subscription, test clock and emails.
      </p>
      <ul className="demo-users demo-card">
        {users.map((user) => (
          <li key={user.id}>
            <button
              type="button"
              onClick={() => signIn.mutate(user.id)}
              disabled={signIn.isPending}
            >
              Sign in as {user.name}
            </button>
            <span className="demo-muted">{user.email}</span>
          </li>
        ))}
      </ul>
      {signIn.isError ? <p role="alert">{signIn.error.message}</p> : null}
    </main>
  );
}
