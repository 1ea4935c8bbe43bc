import { Icon } from './icons';
import type { useUi } from './use-ui';

/** @internal The × button that closes a dialog or dismisses a banner; `label` is its accessible name. */
export function CloseButton({
  label,
  onClick,
  ui,
}: {
  label: string;
  onClick: () => void;
  ui: ReturnType<typeof useUi>;
}) {
  return (
    <button type="button" className={ui.cls('close')} aria-label={label} onClick={onClick}>
      <Icon name="close" />
    </button>
  );
}
