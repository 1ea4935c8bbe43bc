/**
 * How every browser test launches Chromium: Debian's build (never a downloaded one; see
 * TOOLCHAIN.md), headless, without the background services a test has no use for.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
