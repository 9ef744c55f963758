#!/usr/bin/env node
// Runs the TypeScript entry point directly; the sources are the program.
import { register } from 'tsx/esm/api';

register();
await import('../relay/cli/main.ts');
