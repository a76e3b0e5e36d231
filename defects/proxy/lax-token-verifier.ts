/**
 * Token verifiers that accept what the proxy's must refuse. The cheap defects loosen the real verifier's settings;
 * the rest need key selection or claim rules the real one does not have, so they verify with jose themselves.
 */
import { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, EmbeddedJWK, jwtVerify, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { bearerToken, configuredKeys, createTokenVerifier, joseFailure, noBearerToken, NO_SUBJECT, type TokenVerifier } from '../../proxy/auth/verify-token.js';
import type { JwtSettings } from '../../proxy/config.js';
import type { ProxyFaults } from './catalogue.js';

type VerifierFaults = Pick<
  ProxyFaults,
  | 'skipJwtVerification'
  | 'allowAnonymous'
  | 'lenientAuthScheme'
  | 'defaultSubject'
  | 'trustEmbeddedJwk'
  | 'fetchJku'
  | 'hsWithPublicKey'
  | 'skipIssuerCheck'
  | 'skipAudienceCheck'
  | 'expOptional'
  | 'hourClockTolerance'
>;

/** The real verifier with the checks these faults turn off turned off in its settings. */
function loosenedSettings(settings: JwtSettings, faults: VerifierFaults): JwtSettings {
  return {
    ...settings,
    ...(faults.skipIssuerCheck ? { issuer: undefined } : {}),
    ...(faults.skipAudienceCheck ? { audience: undefined } : {}),
    ...(faults.hourClockTolerance ? { clockToleranceS: 3600 } : {}),
  };
}

/** Key selection and claim rules the real verifier does not have, on top of its configured keys. */
function laxVerifier(settings: JwtSettings, faults: VerifierFaults): TokenVerifier {
  const configured = configuredKeys(settings);
  const keyFor: JWTVerifyGetKey = async (header, token) => {
    if (faults.trustEmbeddedJwk && header.jwk) return EmbeddedJWK(header, token);
    if (faults.fetchJku && typeof header.jku === 'string') return createRemoteJWKSet(new URL(header.jku))(header, token);
    if (faults.hsWithPublicKey && settings.jwksUrl && header.alg?.startsWith('HS')) {
      const publicKey = await configured({ ...header, alg: 'RS256' }, token);
      // the PEM as OpenSSL prints it, the text an attacker downloads and uses as the HMAC secret
      return new TextEncoder().encode(KeyObject.from(publicKey as CryptoKey).export({ type: 'spki', format: 'pem' }).toString());
    }
    return configured(header, token);
  };
  const anyKeyAlgorithm = faults.trustEmbeddedJwk || faults.fetchJku || faults.hsWithPublicKey;
  return async (authorization) => {
    const token = bearerToken(authorization);
    if (token === null) return noBearerToken(authorization);
    try {
      let claims: JWTPayload = faults.skipJwtVerification
        ? decodeJwt(token)
        : (
            await jwtVerify(token, keyFor, {
              algorithms: anyKeyAlgorithm ? ['HS256', 'RS256', 'ES256', 'PS256'] : [...settings.algorithms],
              issuer: settings.issuer,
              audience: settings.audience,
              clockTolerance: settings.clockToleranceS,
              requiredClaims: [...(faults.expOptional ? [] : ['exp']), ...(faults.defaultSubject ? [] : ['sub'])],
            })
          ).payload;
      if ((typeof claims.sub !== 'string' || claims.sub === '') && faults.defaultSubject) claims = { ...claims, sub: 'default' };
      if (typeof claims.sub !== 'string' || claims.sub === '') return NO_SUBJECT;
      return { ok: true, caller: { sub: claims.sub, token, claims } };
    } catch (error) {
      return joseFailure(error);
    }
  };
}

/** Takes whatever follows the last space as the token, whatever the scheme. */
function lenientScheme(verify: TokenVerifier): TokenVerifier {
  return (authorization) => {
    const words = authorization?.trim().split(/\s+/) ?? [];
    return verify(words.length > 1 ? `Bearer ${words[words.length - 1]}` : authorization);
  };
}

/** No token at all is the user `anonymous`. */
function anonymousAllowed(verify: TokenVerifier): TokenVerifier {
  return async (authorization) => (authorization === undefined ? { ok: true, caller: { sub: 'anonymous', token: '', claims: {} } } : verify(authorization));
}

/** The token verifier seam for these faults, or undefined when none of them is on. */
export function defectiveTokenVerifier(faults: VerifierFaults): ((settings: JwtSettings) => TokenVerifier) | undefined {
  const needsOwnRules = faults.skipJwtVerification || faults.defaultSubject || faults.trustEmbeddedJwk || faults.fetchJku || faults.hsWithPublicKey || faults.expOptional;
  const loosened = faults.skipIssuerCheck || faults.skipAudienceCheck || faults.hourClockTolerance;
  if (!needsOwnRules && !loosened && !faults.lenientAuthScheme && !faults.allowAnonymous) return undefined;
  return (settings) => {
    const loose = loosenedSettings(settings, faults);
    let verify = needsOwnRules ? laxVerifier(loose, faults) : createTokenVerifier(loose);
    if (faults.lenientAuthScheme) verify = lenientScheme(verify);
    if (faults.allowAnonymous) verify = anonymousAllowed(verify);
    return verify;
  };
}
