/** What services receive through their constructors: the store, the clock, ids, secrets, config. */
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import type { Store } from '../store/port';
import type { Clock } from './time';
import type { TemplateKind } from './templates';

export interface IdGenerator {
  /** A new unique id with a readable prefix, e.g. "bk_…". */
  next(prefix: string): string;
  /** A short human-friendly code (community codes, invite codes): uppercase, no 0/O/1/I. */
  code(length: number): string;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const randomIds: IdGenerator = {
  next: (prefix) => `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`,
  code: (length) => Array.from(randomBytes(length), (b) => ALPHABET[b % ALPHABET.length]).join(''),
};

export interface Signer {
  sign(value: string, length?: number): string;
  /**
   * True only for the full signature of `length` characters (the length the signer issued; a prefix
   * is refused), compared in constant time.
   */
  verify(value: string, signature: string, length: number): boolean;
}

/** Length of the signature in a booking's check-in code (`<bookingId>.<signature>`). */
export const CHECKIN_SIGNATURE_LENGTH = 8;

export function hmacSigner(secret: string): Signer {
  const sign = (value: string, length = 10) =>
    createHmac('sha256', secret).update(value).digest('base64url').replace(/[-_]/g, 'x').slice(0, length);
  return {
    sign,
    verify: (value, signature, length) => {
      if (!Number.isInteger(length) || length < 6) throw new Error('signature length must be an integer ≥ 6');
      const expected = Buffer.from(sign(value, length));
      const given = Buffer.from(signature);
      // compare equal-length buffers only; a wrong length fails after the same amount of work
      const equal = timingSafeEqual(expected, given.length === expected.length ? given : expected.map((b) => b ^ 0xff));
      return equal && given.length === expected.length;
    },
  };
}

export interface Config {
  /** District admins (BABYHOUSE_ADMIN_OPENIDS; docs/contract.md). */
  districtAdmins: string[];
  /** Base URL of the H5 app, for QR codes (locally the runtime's own origin). */
  publicUrl: string;
  /** 'local' renders QR codes of the H5 URL; 'wx' asks wxacode.getUnlimited. */
  platform: 'local' | 'wx';
  /**
   * Cloud-storage folder holding the course videos in WeChat, e.g.
   * "cloud://prod-1a2b.7072-prod-1a2b-1300000000/media" (env BABYHOUSE_CLOUD_MEDIA_BASE); used when platform is 'wx'.
   */
  cloudMediaBase?: string;
  /** WeChat subscription-message template ids per template (core/templates.ts; BABYHOUSE_TMPL_* in WeChat). */
  subscribeTemplates?: Partial<Record<TemplateKind, string>>;
}

/** Optional platform services (WeChat openapi); absent locally. */
export interface Platform {
  miniProgramCode?(scene: string, page: string): Promise<Buffer>;
  sendSubscribeMessage?(openid: string, template: string, data: Record<string, string>): Promise<void>;
  /** Resolves cloud file ids (cloud://…) to temporary URLs. */
  tempFileUrls?(fileIds: string[]): Promise<Record<string, string>>;
}

export interface Deps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  signer: Signer;
  config: Config;
  platform?: Platform;
  log?: (msg: string, extra?: unknown) => void;
}
