#!/usr/bin/env node
// `toolbridge-verify` bin: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./verify.ts');
