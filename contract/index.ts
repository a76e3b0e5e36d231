export * from './entities.js';
export * from './formats.js';
export * from './messages.js';
export * from './routes.js';
export * from './schemas.js';
export * from './tenant-signature.js';
export * from './auth.js';
export * from './tools.js';
