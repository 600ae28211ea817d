export * from './record';
export * from './errors';
