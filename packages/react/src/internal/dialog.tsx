import { type ComponentPropsWithRef, type ReactNode, useEffect, useRef } from 'react';
import { composeRefs } from './compose';

/** Props of {@link Dialog}. */
export interface DialogProps extends Omit<ComponentPropsWithRef<'dialog'>, 'open'> {
  children?: ReactNode;
  /** Called on Escape, a click on the backdrop, or a close button. */
  onClose: () => void;
  /** Where focus goes back to after closing (the button that opened it). */
  returnFocus?: HTMLElement | null;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab inside the dialog (the browser would move on to its own chrome). */
function trapTab(dialog: HTMLElement, event: { shiftKey: boolean; preventDefault(): void }) {
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items[items.length - 1];
  const active = dialog.ownerDocument.activeElement;
  if (!first || !last) return event.preventDefault();
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert (focus
 * stays inside, screen readers see only the dialog) and answers Escape. Focus starts on the first
 * focusable element (content may move it) and returns to `returnFocus` on close.
 * Rendered only while open: mounting opens it, unmounting closes it.
 */
export function Dialog({
  children,
  onClose,
  returnFocus,
  ref,
  onCancel,
  onKeyDown,
  ...props
}: DialogProps) {
  const own = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const dialog = own.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // Browsers differ on where showModal() puts focus: put it on the first focusable element.
    dialog.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => {
      if (dialog.open) dialog.close();
      returnFocus?.focus();
    };
  }, [returnFocus]);
  return (
    <dialog
      {...props}
      ref={composeRefs(own, ref)}
      data-state="open"
      onKeyDown={(event) => {
        onKeyDown?.(event);
        if (event.defaultPrevented) return;
        if (event.key === 'Escape') {
          event.preventDefault();
          close.current();
        } else if (event.key === 'Tab') {
          trapTab(event.currentTarget, event);
        }
      }}
      onCancel={(event) => {
        onCancel?.(event);
        // Escape: React owns unmounting, so the dialog closes through the caller's state.
        event.preventDefault();
        close.current();
      }}
      onClick={(event) => {
        props.onClick?.(event);
        if (event.target === event.currentTarget) close.current();
      }}
    >
      {children}
    </dialog>
  );
}
