import { useCallback, useRef, useState } from 'react';

/**
 * One value that is controlled (`prop` given) or uncontrolled (`defaultProp`), Radix-style:
 * setting it calls `onChange` either way, and only stores it when uncontrolled.
 */
export function useControllableState<T>(options: {
  prop: T | undefined;
  defaultProp: T;
  onChange?: (value: T) => void;
}): [T, (next: T) => void] {
  const [own, setOwn] = useState(options.defaultProp);
  const controlled = options.prop !== undefined;
  const value = controlled ? (options.prop as T) : own;
  const onChange = useRef(options.onChange);
  onChange.current = options.onChange;
  const set = useCallback(
    (next: T) => {
      if (!controlled) setOwn(next);
      if (!Object.is(next, value)) onChange.current?.(next);
    },
    [controlled, value],
  );
  return [value, set];
}
