/**
 * The record model: the types every other folder shares (parsers produce them, analyzers read
 * them, engines store them). It imports nothing, so it sits below every capability folder and
 * no import circle can pass through it.
 */
export * from './record';
