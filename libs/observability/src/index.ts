export * from './bootstrap';
export * from './logger';
export * from './metrics';
export * from './ops.controller';
