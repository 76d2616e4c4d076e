export { startServer, createApp, type RunningServer, type ServerOptions } from './createServer';
export { readConfig, type Config } from './config';
export { TokenSigner, type TokenClaims, type Role } from './tokens';
export { WorkshopService } from './WorkshopService';
