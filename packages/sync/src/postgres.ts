// The PostgreSQL storage, an entry of its own (`@roomtable/sync/postgres`): the server imports it
// only when DATABASE_URL is set, so a SQLite deployment never loads pg.
export { PostgresStorage, type PostgresStorageOptions } from './PostgresStorage';
