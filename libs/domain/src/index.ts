export * from './assets';
export * from './decimal';
export * from './listings';
export * from './markets';
export * from './orders';
export * from './result-codes';
