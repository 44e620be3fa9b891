// Debian's Chromium, which this machine uses instead of Playwright's download (that needs the
// internet), and the flags that keep it quiet and offline in a container: no sandbox, no GPU, and
// nothing that calls home. Shared by playwright.config.ts and the benchmark (scripts/bench).

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const SYSTEM_CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
