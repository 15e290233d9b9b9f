// src/xml: pure helpers over the parser's Element, shared by the linker, features and tests.
export * from './element.js';
export * from './errors.js';
export * from './id.js';
export * from './jid.js';
export { serialize, parseElement } from '../../native/expat-stream/index.js';
