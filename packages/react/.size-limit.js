// Size budget of @tollgate/react, minified + gzipped, measured from source: what a browser
// downloads for a first install, @tollgate/core (rules, formatting and the wire-contract schemas
// on core's own validator) bundled in.
// Always external: what a host app already ships (react, react-dom, TanStack Query, Stripe's SDKs).
import { fileURLToPath } from 'node:url';

const peers = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  '@tanstack/react-query',
  '@stripe/stripe-js',
  '@stripe/react-stripe-js',
];
const core = fileURLToPath(new URL('../core/src/index.ts', import.meta.url));
const entry = (name, imports, limit) => ({
  name,
  path: 'src/index.ts',
  import: { 'src/index.ts': imports },
  gzip: true,
  ignore: peers,
  limit,
  modifyEsbuildConfig: (config) => ({ ...config, alias: { '@tollgate/core': core } }),
});

export default [
  entry('whole package (core + validator bundled)', '*', '15 kB'),
  entry(
    'BillingProvider + hooks',
    '{ BillingProvider, useBillingStatus, usePlans, usePreview, useCheckout, useChangePlan, useCancel, useResume, usePortal, useEntitlement }',
    '8 kB',
  ),
  entry(
    'PricingTable (incl. PlanSwitcher, provider)',
    '{ BillingProvider, PricingTable }',
    '12.5 kB',
  ),
  entry('PlanSwitcher (with provider)', '{ BillingProvider, PlanSwitcher }', '10 kB'),
  entry(
    'BillingStatusBanner (with provider)',
    '{ BillingProvider, BillingStatusBanner }',
    '9.5 kB',
  ),
  entry('FeatureGate (with provider)', '{ BillingProvider, FeatureGate }', '7.5 kB'),
];
