'use client';
import type { ReactNode } from 'react';
import { type Entitlement, useEntitlement } from '../hooks/use-entitlement';

/** Props of {@link FeatureGate}. */
export interface FeatureGateProps {
  /** Entitlement key from the plan catalog, e.g. `api_access` or `projects`. */
  feature: string;
  /** For numeric limits: units in use now; the gate opens while one more fits. */
  usage?: number;
  /**
   * A metered feature (its meter's event name): the gate also reads this period's usage
   * (`GET /usage`) and opens while `adding` more units fit the plan's hard limit.
   */
  meter?: string;
  /** Units the gated action would record against `meter`. Default 1. */
  adding?: number;
  /** Shown when the feature is not available (upsell, upgrade button…). */
  fallback?: ReactNode | ((entitlement: Entitlement) => ReactNode);
  /** Shown while status loads. Default nothing: neither locked nor unlocked content flashes. */
  loading?: ReactNode;
  /** The gated content, or a render prop receiving the decision. */
  children?: ReactNode | ((entitlement: Entitlement) => ReactNode);
}

/**
 * Renders `children` only when the plan in effect grants `feature` — after access has ended, the
 * free plan's entitlements, the same rule the server's `canAccess` applies.
 * It adds no DOM of its own. With `initialStatus` on the provider it decides during server render.
 *
 * @example
 * <FeatureGate feature="api_access" fallback={<UpgradeCta />}><ApiKeys /></FeatureGate>
 * <FeatureGate feature="projects" usage={projects.length}>{(e) => `${e.remaining} left`}</FeatureGate>
 * <FeatureGate feature="api_access" meter="exports" fallback={<UpgradeCta />}><ExportButton /></FeatureGate>
 */
export function FeatureGate(props: FeatureGateProps) {
  const entitlement = useEntitlement(props.feature, {
    usage: props.usage,
    ...(props.meter !== undefined ? { meter: props.meter, adding: props.adding ?? 1 } : {}),
  });
  if (typeof props.children === 'function') return <>{props.children(entitlement)}</>;
  if (entitlement.state === 'loading') return <>{props.loading ?? null}</>;
  // A status that cannot be loaded fails closed: the fallback, never the gated content.
  if (entitlement.state === 'denied' || entitlement.state === 'error') {
    return (
      <>
        {typeof props.fallback === 'function'
          ? props.fallback(entitlement)
          : (props.fallback ?? null)}
      </>
    );
  }
  return <>{props.children}</>;
}
