/**
 * The probe table, in the order of the checklist (checks-reference §2). Every probe runs against both sides.
 */
import type { ProbeSpec } from '../lib/probe.js';
import { critUnknown, expired, missingExp, missingSubject, notYetValid, wrongAudience, wrongIssuer } from './claims.js';
import { malformed, missingToken, oversized, queryToken, tokenEcho, wrongScheme } from './credentials.js';
import { embeddedJwk, jkuX5u, keyConfusion, kidInjection } from './key-sources.js';
import {
  algNone,
  algVariant,
  emptySecret,
  payloadTampered,
  psychicSignature,
  signatureCorrupted,
  signatureStripped,
  untrustedKey,
  weakSecret,
} from './signature.js';

export const PROBES: readonly ProbeSpec[] = [
  missingToken,
  wrongScheme,
  malformed,
  algNone,
  signatureStripped,
  payloadTampered,
  signatureCorrupted,
  emptySecret,
  weakSecret,
  keyConfusion,
  embeddedJwk,
  jkuX5u,
  kidInjection,
  psychicSignature,
  expired,
  notYetValid,
  missingExp,
  missingSubject,
  wrongIssuer,
  wrongAudience,
  untrustedKey,
  critUnknown,
  oversized,
  queryToken,
  tokenEcho,
  algVariant,
];
