export * from './assets';
export * from './decimal';
export * from './markets';
export * from './orders';
export * from './result-codes';
