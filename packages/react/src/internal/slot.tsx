import {
  Children,
  cloneElement,
  type HTMLAttributes,
  isValidElement,
  type ReactElement,
  type ReactNode,
  type Ref,
  type SyntheticEvent,
} from 'react';
import { composeEventHandlers, composeRefs } from './compose';

type AnyProps = Record<string, unknown> & { className?: string; ref?: Ref<unknown> };

/**
 * `asChild`: renders the one child element in the part's place, with the part's props merged
 * into it (classes joined, handlers composed with the child's running first, refs composed), so
 * a router `<Link>` can be a plan's action. React 19: `ref` is a prop of the child.
 */
export function Slot({
  children,
  ...slot
}: HTMLAttributes<HTMLElement> & { children?: ReactNode; ref?: Ref<HTMLElement> }) {
  const child = Children.only(children);
  if (!isValidElement(child)) return null;
  const own = child.props as AnyProps;
  const merged: AnyProps = { ...slot, ...own };
  for (const [key, value] of Object.entries(slot)) {
    const theirs = own[key];
    if (/^on[A-Z]/.test(key) && typeof value === 'function' && typeof theirs === 'function') {
      merged[key] = composeEventHandlers(
        theirs as (event: SyntheticEvent) => void,
        value as (event: SyntheticEvent) => void,
      );
    }
  }
  merged.className = [slot.className, own.className].filter(Boolean).join(' ') || undefined;
  merged.ref = composeRefs(slot.ref as Ref<unknown>, own.ref);
  return cloneElement(child as ReactElement<AnyProps>, merged);
}
