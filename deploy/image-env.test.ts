import { describe, expect, it } from 'vitest';
import { imageRuntimeEnv } from './image-env.js';

describe('image runtime environment', () => {
  it('is the final stage ENV of Dockerfile.mcp-only: production mode, a bounded young generation, every interface', () => {
    expect(imageRuntimeEnv()).toEqual({ NODE_ENV: 'production', NODE_OPTIONS: '--max-semi-space-size=4', TOOLBRIDGE_HOST: '0.0.0.0' });
  });

  it('ignores builder-stage ENV', () => {
    const dockerfile = 'FROM node:24-slim AS builder\nENV BUILD_ONLY=1\nFROM node:24-slim\nENV A=1 B="two words"\n';
    expect(imageRuntimeEnv(dockerfile)).toEqual({ A: '1', B: 'two words' });
  });
});
