import { useContext, useEffect, useId, useRef } from 'react';
import { CloseButton } from '../internal/close-button';
import { Dialog } from '../internal/dialog';
import { useUi } from '../internal/use-ui';
import { PlanSwitcherContext, useSwitcher } from './context';
import { Confirm, Outcome, Preview, Scheduled, Seats, Summary } from './parts';
import { Root } from './root';
import type { PlanChoice } from './state';

/** Props of {@link ChangeDialog}. */
export interface ChangeDialogProps {
  /** The change the user chose on a card. */
  choice: PlanChoice;
  /** The card's button: focus returns to it on close. */
  returnFocus: HTMLElement | null;
  onClose: () => void;
  unstyled?: boolean;
}

/**
 * One plan change in a modal dialog, opened from the card the user chose: its title says what it
 * is ("Upgrade to Team"), then when it takes effect, the exact amounts as Stripe will bill them,
 * and Confirm / Cancel. Escape, the backdrop and Cancel close it; focus returns to the card.
 */
export function ChangeDialog({ choice, returnFocus, onClose, unstyled }: ChangeDialogProps) {
  const ui = useUi(unstyled);
  const title = useId();
  return (
    <Dialog
      className={ui.cls('dialog')}
      aria-labelledby={title}
      onClose={onClose}
      returnFocus={returnFocus}
    >
      <Root
        defaultValue={choice}
        unstyled={unstyled}
        labelledBy={title}
        heading={<DialogHeader titleId={title} onClose={onClose} ui={ui} />}
      >
        <DialogBody onClose={onClose} />
      </Root>
    </Dialog>
  );
}

/** The title says what the change is once plans are loaded ("Upgrade to Team"). */
function DialogHeader({
  titleId,
  onClose,
  ui,
}: {
  titleId: string;
  onClose: () => void;
  ui: ReturnType<typeof useUi>;
}) {
  const switcher = useContext(PlanSwitcherContext);
  const { labels: l, cls } = ui;
  const target = switcher?.target;
  const kind = switcher?.kind;
  return (
    <header className={cls('dialog-header')}>
      <h2 id={titleId} className={cls('title')}>
        {target && kind && switcher
          ? l.changeTitle(kind, switcher.planName(target.plan), target.interval)
          : l.switcherTitle}
      </h2>
      <CloseButton label={l.closeDialog} onClick={onClose} ui={ui} />
    </header>
  );
}

function DialogBody({ onClose }: { onClose: () => void }) {
  const { ui, state } = useSwitcher('Dialog');
  const { labels: l, cls } = ui;
  const cancel = useRef<HTMLButtonElement>(null);
  // Once the change is shown, focus rests on Cancel: the safe choice, never a charge.
  useEffect(() => cancel.current?.focus(), []);
  return (
    <>
      <Seats />
      <Summary />
      <Scheduled />
      <Preview />
      <Outcome />
      <div className={cls('actions')}>
        <button
          type="button"
          className={cls('button')}
          data-variant="secondary"
          onClick={onClose}
          ref={cancel}
        >
          {state === 'done' ? l.close : l.cancel}
        </button>
        <Confirm />
      </div>
    </>
  );
}
