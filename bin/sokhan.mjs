#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx compiles on the fly and caches), so `npx sokhan` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/sokhan.ts');
