// Size budget of @tollgate/react, minified + gzipped, measured from source.
// Always external: what a host app already ships (react, react-dom, TanStack Query, Stripe's SDKs).
// "own code" entries also leave @tollgate/core (and the zod/mini runtime its schemas need) out;
// the "all-in" entry bundles them, which is what a browser downloads for a first install.
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
const withCoreSource = (config) => ({ ...config, alias: { '@tollgate/core': core } });
const entry = (name, imports, limit, { bundleCore = false } = {}) => ({
  name,
  path: 'src/index.ts',
  import: { 'src/index.ts': imports },
  gzip: true,
  ignore: bundleCore ? peers : [...peers, '@tollgate/core'],
  limit,
  ...(bundleCore ? { modifyEsbuildConfig: withCoreSource } : {}),
});

export default [
  entry('whole package, own code', '*', '15 kB'),
  entry('whole package, all-in (core + zod/mini bundled)', '*', '22 kB', { bundleCore: true }),
  entry(
    'BillingProvider + hooks',
    '{ BillingProvider, useBillingStatus, usePlans, usePreview, useCheckout, useChangePlan, useCancel, useResume, usePortal, useEntitlement }',
    '5 kB',
  ),
  entry('PricingTable (incl. PlanSwitcher, provider)', '{ BillingProvider, PricingTable }', '9 kB'),
  entry('PlanSwitcher (with provider)', '{ BillingProvider, PlanSwitcher }', '7 kB'),
  entry('BillingStatusBanner (with provider)', '{ BillingProvider, BillingStatusBanner }', '6 kB'),
  entry('FeatureGate (with provider)', '{ BillingProvider, FeatureGate }', '5 kB'),
];
