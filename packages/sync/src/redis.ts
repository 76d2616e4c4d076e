// The Redis fan-out and lease, an entry of its own (`@roomtable/sync/redis`): the server imports
// it only when REDIS_URL is set, so a single process never loads ioredis.
export { FanOutMessageKind, RedisFanOut, type RedisFanOutOptions } from './RedisFanOut';
export { RedisConnections, type RedisConnectionsOptions } from './RedisConnections';
export { RedisLease, type LeaseHandle, type RedisLeaseOptions } from './RedisLease';
