// Entry of the SQLite storage worker. Node 20 does not pass loader hooks given with --import on to
// worker threads, so the worker registers the TypeScript loader itself, then runs the worker.
import { register } from 'tsx/esm/api';

register();
await import('./sqliteWorker.ts');
