// The request schemas are not exported here but from '@roomtable/contract/requestSchemas': zod
// probes for eval when it loads, which the web app's strict CSP reports as a violation (and the
// web app needs none of them). The server imports them from there.
export * from './errorCodes';
export * from './closeCodes';
export * from './responses';
export * from './routes';
