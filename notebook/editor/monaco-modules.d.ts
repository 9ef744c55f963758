// Monaco's lean entry (the editor core without every language) ships without typings;
// monaco.ts gives it the types of the full API it is a part of.
declare module 'monaco-editor/esm/vs/editor/edcore.main.js';
