#!/usr/bin/env node
// The published entry point: flowhook runs from its TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
