export { webRouter, type WebOptions } from './router';
