import type { Request } from 'express';
import helmet from 'helmet';

/** The app setting createApp sets from BASE_URL: the portal is served over HTTPS, whatever this hop says. */
export const HTTPS_SETTING = 'https base url';

/**
 * Whether a cookie set on this response gets the Secure flag: when the request came over HTTPS
 * (directly, or through a proxy trusted by TRUST_PROXY), and always when BASE_URL is https —
 * the portal is then reached over HTTPS even if a proxy in front does not say so.
 */
export function secureCookies(req: Request): boolean {
  return req.secure || req.app.get(HTTPS_SETTING) === true;
}

/** Security headers with a strict Content-Security-Policy: the portal serves its own CSS and needs no script. */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: 'same-origin' },
});
