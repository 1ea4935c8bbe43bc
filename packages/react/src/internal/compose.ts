import type { Ref, RefCallback, SyntheticEvent } from 'react';

/**
 * The consumer's handler first, then ours unless the consumer called `preventDefault()`: a
 * consumer's `onClick` is never dropped, and it can veto the part's own behaviour.
 */
export function composeEventHandlers<E extends SyntheticEvent>(
  theirs: ((event: E) => void) | undefined,
  ours: (event: E) => void,
): (event: E) => void {
  return (event) => {
    theirs?.(event);
    if (!event.defaultPrevented) ours(event);
  };
}

/** One ref callback that sets every given ref (callback or object). */
export function composeRefs<T>(...refs: (Ref<T> | undefined)[]): RefCallback<T> {
  return (node) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(node);
      else if (ref) ref.current = node;
    }
  };
}
