/** Published billing UI packages measured beside @tollgate/react, and what an app imports from each. */
export interface Competitor {
  label: string;
  /** The npm package (pinned in bundles/package.json). */
  pkg: string;
  /** The module an app imports (package or subpath). */
  from: string;
  names: string;
  note: string;
}

/** The competitor table, largest first as the issue lists them. */
export const COMPETITORS: readonly Competitor[] = [
  {
    label: 'Stigg react-sdk',
    pkg: '@stigg/react-sdk',
    from: '@stigg/react-sdk',
    names: '{ StiggProvider, Paywall }',
    note: 'components; 5.28.2 is the newest this registry can install (10.x pins @stigg/js-client-sdk 4.x, which it does not serve)',
  },
  {
    label: 'Schematic components',
    pkg: '@schematichq/schematic-components',
    from: '@schematichq/schematic-components',
    names: '{ EmbedProvider, SchematicEmbed }',
    note: 'components',
  },
  {
    label: 'Flowglad react',
    pkg: '@flowglad/react',
    from: '@flowglad/react',
    names: '*',
    note: 'hooks only',
  },
  {
    label: "Clerk's PricingTable wrapper",
    pkg: '@clerk/react',
    from: '@clerk/react',
    names: '{ ClerkProvider, PricingTable }',
    note: 'wrapper only; the table itself is a script loaded from Clerk’s CDN at run time (not counted)',
  },
  {
    label: 'Schematic react',
    pkg: '@schematichq/schematic-react',
    from: '@schematichq/schematic-react',
    names: '*',
    note: 'hooks only',
  },
  {
    label: 'autumn-js react',
    pkg: 'autumn-js',
    from: 'autumn-js/react',
    names: '*',
    note: 'hooks only',
  },
  {
    label: '@stripe/react-stripe-js',
    pkg: '@stripe/react-stripe-js',
    from: '@stripe/react-stripe-js',
    names: '*',
    note: 'Elements bindings (Stripe.js itself loads from js.stripe.com)',
  },
];
