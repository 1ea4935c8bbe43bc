import { screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';

/** Clicks Confirm once the preview it confirms has arrived (before that it is aria-disabled). */
export async function confirmWhenReady(
  user: { click: (element: Element) => Promise<void> },
  name = 'Confirm change',
) {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'));
  await user.click(button);
}
