'use client';
import type { MeterUsage, UsageResponse } from '@tollgate/core';
import {
  type ComponentPropsWithRef,
  createContext,
  type ReactNode,
  useContext,
  useId,
} from 'react';
import { useUsage } from '../hooks/queries';
import { useUi } from '../internal/use-ui';

/* -------------------------------------------------------------------------------------------------
 * Context
 * -----------------------------------------------------------------------------------------------*/

const MeterContext = createContext<MeterUsage | null>(null);

function useMeter(part: string): MeterUsage {
  const meter = useContext(MeterContext);
  if (!meter) throw new Error(`<UsageMeter.${part}> must be inside <UsageMeter.Meter>.`);
  return meter;
}

/** The bar's scale: the included amount, or the usage once it is past it (or unlimited). */
function scaleOf(meter: MeterUsage): number {
  if (meter.included < 0) return Math.max(meter.used, 1);
  return Math.max(meter.included, meter.used, 1);
}

/* -------------------------------------------------------------------------------------------------
 * Root
 * -----------------------------------------------------------------------------------------------*/

/** Props of {@link Root}. */
export interface UsageMeterRootProps extends Omit<ComponentPropsWithRef<'section'>, 'children'> {
  /** Each meter, or a render prop receiving the usage (its `meters` narrowed to the `meters` prop). Default: a {@link Meter} per meter. */
  children?: ReactNode | ((usage: UsageResponse) => ReactNode);
  /** Only these meters (event names), in this order. Default: every meter of the plan. */
  meters?: readonly string[];
  /** Where the upgrade action leads. Default `/pricing`. */
  upgradeHref?: string;
  unstyled?: boolean;
}

/**
 * The usage section: title, billing period, and a meter per metered feature of the caller's plan
 * (`GET /usage`). `data-state` is `loading | error | empty | ready`.
 */
function Root(props: UsageMeterRootProps) {
  const { children, meters, upgradeHref = '/pricing', unstyled, className, ...rest } = props;
  const ui = useUi(unstyled);
  const { labels: l, cls } = ui;
  const usage = useUsage();
  const titleId = useId();
  const frame = (state: string, body: ReactNode) => (
    <section
      {...rest}
      aria-labelledby={titleId}
      data-state={state}
      className={cls('usage', className)}
    >
      <header className={cls('usage-header')}>
        <h2 id={titleId} className={cls('usage-title')}>
          {l.usageTitle}
        </h2>
        {usage.data?.period ? (
          <p className={cls('usage-period')}>
            {l.usagePeriod(ui.date(usage.data.period.start), ui.date(usage.data.period.end))}
          </p>
        ) : null}
      </header>
      {body}
    </section>
  );
  if (usage.isError && !usage.data) {
    return frame(
      'error',
      <div role="status" className={cls('usage-message')}>
        <p>{l.usageError}</p>
        <button type="button" className={cls('button')} onClick={() => void usage.refetch()}>
          {l.retry}
        </button>
      </div>,
    );
  }
  if (!usage.data) {
    return frame('loading', <p className={cls('usage-message')}>{l.usageLoading}</p>);
  }
  const shown = meters
    ? meters.flatMap((name) => usage.data.meters.filter((m) => m.meter === name))
    : usage.data.meters;
  if (shown.length === 0) {
    return frame('empty', <p className={cls('usage-message')}>{l.usageEmpty}</p>);
  }
  const body =
    typeof children === 'function'
      ? children({ ...usage.data, meters: shown })
      : (children ??
        shown.map((m) => (
          <Meter key={m.meter} meter={m} unstyled={unstyled}>
            <Label />
            <Bar />
            <Figures />
            <Notice upgradeHref={upgradeHref} />
          </Meter>
        )));
  return frame('ready', <ul className={cls('usage-list')}>{body}</ul>);
}

/* -------------------------------------------------------------------------------------------------
 * Meter
 * -----------------------------------------------------------------------------------------------*/

/** Props of {@link Meter}. */
export interface UsageMeterMeterProps extends ComponentPropsWithRef<'li'> {
  meter: MeterUsage;
  unstyled?: boolean;
}

/** One meter's row; its parts read it. `data-state`: `ok | warning | exceeded | blocked`. */
function Meter({ meter, unstyled, className, children, ...rest }: UsageMeterMeterProps) {
  const { cls } = useUi(unstyled);
  return (
    <MeterContext.Provider value={meter}>
      <li
        {...rest}
        data-state={meter.state}
        data-meter={meter.meter}
        className={cls('usage-meter', className)}
      >
        {children}
      </li>
    </MeterContext.Provider>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Label, Bar, Figures, Notice
 * -----------------------------------------------------------------------------------------------*/

/** The meter's name ("API calls"). */
function Label({ className, ...rest }: ComponentPropsWithRef<'h3'>) {
  const meter = useMeter('Label');
  const { cls } = useUi();
  return (
    <h3 {...rest} className={cls('usage-label', className)}>
      {meter.label}
    </h3>
  );
}

/**
 * The bar: `role="meter"` with the usage as its value and text, the included amount as a mark,
 * and the overage past it as its own segment.
 */
function Bar({ className, ...rest }: ComponentPropsWithRef<'div'>) {
  const meter = useMeter('Bar');
  const { labels: l, cls, context } = useUi();
  const count = (n: number) => n.toLocaleString(context.locale);
  const scale = scaleOf(meter);
  const within = meter.included < 0 ? meter.used : Math.min(meter.used, meter.included);
  const pct = (n: number) => `${Math.min(100, (n / scale) * 100)}%`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a native <meter> cannot draw the included mark and the overage as segments of their own.
    <div
      {...rest}
      role="meter"
      aria-label={meter.label}
      aria-valuemin={0}
      aria-valuemax={scale}
      aria-valuenow={Math.min(meter.used, scale)}
      aria-valuetext={l.usageOf(
        count(meter.used),
        meter.included < 0 ? null : count(meter.included),
        meter.label,
      )}
      data-state={meter.state}
      className={cls('usage-bar', className)}
    >
      <span className={cls('usage-fill')} style={{ width: pct(within) }} />
      {meter.overage > 0 ? (
        <span
          className={cls('usage-overage')}
          style={{ left: pct(meter.included), width: pct(meter.overage) }}
        />
      ) : null}
      {meter.included >= 0 && meter.used > meter.included ? (
        <span className={cls('usage-mark')} style={{ left: pct(meter.included) }} />
      ) : null}
    </div>
  );
}

/** "12,340 of 10,000 API calls · $4.68 over", what is still being recorded, the estimate. */
function Figures({ className, ...rest }: ComponentPropsWithRef<'p'>) {
  const meter = useMeter('Figures');
  const ui = useUi();
  const { labels: l, cls, context } = ui;
  const count = (n: number) => n.toLocaleString(context.locale);
  const charge =
    meter.price && meter.estimatedCharge
      ? ui.money(meter.estimatedCharge, meter.price.currency)
      : null;
  return (
    <p {...rest} className={cls('usage-figures', className)}>
      <span className={cls('usage-used')}>
        {l.usageOf(
          count(meter.used),
          meter.included < 0 ? null : count(meter.included),
          meter.label,
        )}
      </span>
      {meter.included < 0 ? <span>{l.usageUnlimited}</span> : null}
      {charge ? (
        <span className={cls('usage-charge')}>
          {meter.overage > 0 ? l.usageOver(charge) : l.usageEstimated(charge)}
        </span>
      ) : null}
      {meter.pending > 0 ? (
        <span className={cls('usage-pending')}>{l.usagePending(count(meter.pending))}</span>
      ) : null}
    </p>
  );
}

/** Props of {@link Notice}. */
export interface UsageMeterNoticeProps extends ComponentPropsWithRef<'div'> {
  /** Where the upgrade link leads. Default `/pricing`. */
  upgradeHref?: string;
}

/** In `warning`, `exceeded` and `blocked` states: what it means, and an upgrade link. */
function Notice({ upgradeHref = '/pricing', className, ...rest }: UsageMeterNoticeProps) {
  const meter = useMeter('Notice');
  const { labels: l, cls } = useUi();
  if (meter.state === 'ok') return null;
  const text =
    meter.state === 'warning'
      ? l.usageWarning
      : meter.state === 'exceeded'
        ? l.usageExceeded
        : l.usageBlocked;
  return (
    <div {...rest} data-state={meter.state} className={cls('usage-notice', className)}>
      <p>{text}</p>
      <a href={upgradeHref} className={cls('button')} data-variant="secondary">
        {l.usageUpgrade}
      </a>
    </div>
  );
}

/* -------------------------------------------------------------------------------------------------
 * Default
 * -----------------------------------------------------------------------------------------------*/

/**
 * Metered usage this period: a bar per meter of the caller's plan with the included amount, the
 * overage and the estimated charge, and warning / exceeded / blocked states with an upgrade link.
 * Compose the parts for another layout.
 *
 * @example
 * <UsageMeter upgradeHref="/pricing" />
 * <UsageMeter.Root meters={['api_calls']}>
 *   {(usage) => usage.meters.map((m) => (
 *     <UsageMeter.Meter key={m.meter} meter={m}><UsageMeter.Label /><UsageMeter.Bar /></UsageMeter.Meter>
 *   ))}
 * </UsageMeter.Root>
 */
export const UsageMeter = Object.assign((props: UsageMeterRootProps) => <Root {...props} />, {
  Root,
  Meter,
  Label,
  Bar,
  Figures,
  Notice,
});

/** Props of the default {@link UsageMeter}. */
export type UsageMeterProps = UsageMeterRootProps;
