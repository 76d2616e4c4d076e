// Runs the pinned pnpm, so a fresh machine with only Node.js and npm needs nothing else.
// corepack is not used: its signature check fails on these machines.
import { spawnSync } from 'node:child_process';

const PNPM = 'pnpm@12.4.2';
const args = process.argv.slice(2);
const env = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' };

function tryRun(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env, shell: false });
  return r.error ? null : r.status;
}

const version = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
const status =
  !version.error && version.stdout.trim() === PNPM.split('@')[1]
    ? tryRun('pnpm', args)
    : tryRun('npx', ['-y', PNPM, ...args]);
process.exit(status ?? 1);
