/** Every differential case, family by family. */
import type { Case } from '../case.js';
import { bodyCases } from './bodies.js';
import { edgeCases } from './edges.js';
import { guardCases } from './guards.js';
import { headerCases } from './headers.js';
import { limitCases } from './limits.js';
import { lifecycleCases } from './lifecycle.js';
import { methodCases } from './methods.js';
import { portedCases } from './ported.js';
import { queryCases } from './queries.js';
import { sessionCases } from './sessions.js';
import { syncCases } from './sync.js';
import { tokenCases, type TokenCaseOptions } from './tokens.js';
import { valueCases } from './values.js';
import { wireCases } from './wire.js';

export function allCases(tokens: TokenCaseOptions): Case[] {
  return [...lifecycleCases(), ...syncCases(), ...valueCases(), ...sessionCases(), ...queryCases(), ...bodyCases(), ...headerCases(), ...methodCases(), ...guardCases(), ...limitCases(), ...edgeCases(), ...wireCases(), ...tokenCases(tokens), ...portedCases()];
}
