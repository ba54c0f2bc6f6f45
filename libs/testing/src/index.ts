export * from './service-process';
export * from './http-client';
export * from './ws-client';
export * from './listings';
