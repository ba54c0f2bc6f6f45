export * from './black76';
export { normCdf, normPdf } from './normal';
export * from './svi';
export * from './vol-surface';
