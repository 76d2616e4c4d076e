// The end-to-end tests drive Debian's Chromium through playwright-core (no browser download is
// possible on these machines). Install it once when it is missing and we are allowed to, with a
// CJK font so the Chinese screenshots show characters rather than empty boxes.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

const missing = [];
if (!existsSync(CHROMIUM)) missing.push('chromium');
if (!existsSync(CJK_FONT)) missing.push('fonts-wqy-zenhei');

if (missing.length > 0) {
  console.log(`[ensure-chromium] installing Debian's ${missing.join(' and ')}…`);
  const isRoot = process.getuid?.() === 0;
  const sh = (cmd) => spawnSync('sh', ['-c', isRoot ? cmd : `sudo -n ${cmd}`], { stdio: 'inherit' });
  const ok =
    sh('apt-get update -qq').status === 0 &&
    sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`).status === 0;
  if (!ok && !existsSync(CHROMIUM)) {
    console.error('[ensure-chromium] could not install chromium; install it (apt-get install chromium) or set CHROMIUM_PATH.');
    process.exit(1);
  }
  if (!ok) console.warn('[ensure-chromium] no CJK font: Chinese screenshots will show boxes; the tests still run.');
}
