// The end-to-end tests drive Debian's Chromium through playwright-core (no browser download is
// possible on these machines). Install it once when it is missing and we are allowed to.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log(`[ensure-chromium] ${CHROMIUM} missing: installing Debian's chromium package…`);
  const isRoot = process.getuid?.() === 0;
  const sh = (cmd) => spawnSync('sh', ['-c', isRoot ? cmd : `sudo -n ${cmd}`], { stdio: 'inherit' });
  if (sh('apt-get update -qq').status !== 0 || sh('DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium').status !== 0) {
    console.error('[ensure-chromium] could not install chromium; install it (apt-get install chromium) or set CHROMIUM_PATH.');
    process.exit(1);
  }
}
