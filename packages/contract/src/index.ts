export * from './errorCodes';
export * from './closeCodes';
export * from './requestSchemas';
export * from './responses';
export * from './routes';
