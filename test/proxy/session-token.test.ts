import { describe, expect, it } from 'vitest';
import { createTokenCodec, TokenRefused } from '../../proxy/session-token.ts';

const secret = 'test-session-secret-0123456789abcdef';

function refusal(verify: () => unknown): string | undefined {
  try {
    verify();
    return undefined;
  } catch (error) {
    return error instanceof TokenRefused ? error.reason : 'other';
  }
}

describe('the session token codec', () => {
  it('still expires a token it has verified and cached', () => {
    let now = 1_000_000;
    const codec = createTokenCodec(secret, () => now);
    const token = codec.sign('anon-1', now + 60, { app: 'chat' });
    expect(codec.verify(token, 0)).toMatchObject({ sub: 'anon-1', app: 'chat', exp: now + 60 });
    now += 60;
    expect(refusal(() => codec.verify(token, 0))).toBe('expired');
    // The renewal window is a tolerance on the same cached token.
    expect(codec.verify(token, 3600)).toMatchObject({ sub: 'anon-1' });
  });

  it('accepts nothing near a cached token: another secret, an edited payload, a second spelling of the signature', () => {
    const now = 1_000_000;
    const codec = createTokenCodec(secret, () => now);
    const token = codec.sign('anon-1', now + 60, {});
    codec.verify(token, 0);
    const [header, payload, signature] = token.split('.');
    const edited = Buffer.from(
      Buffer.from(payload ?? '', 'base64url')
        .toString()
        .replace('anon-1', 'anon-2'),
    ).toString('base64url');
    for (const forged of [
      createTokenCodec(`${secret}-other`, () => now).sign('anon-1', now + 60, {}),
      `${header}.${edited}.${signature}`,
      `${header}.${payload}.${signature}=`,
      `${header}.${payload}.${(signature ?? '').slice(0, -1)}`,
      `${token}.`,
      '',
    ])
      expect(
        refusal(() => codec.verify(forged, 0)),
        forged,
      ).toBe('invalid');
  });

  it('keeps verifying correctly past its cache size (the oldest are dropped, not trusted)', () => {
    let now = 1_000_000;
    const codec = createTokenCodec(secret, () => now);
    const tokens = Array.from({ length: 10_050 }, (_, index) => codec.sign(`anon-${index}`, now + 60, {}));
    for (const token of tokens) codec.verify(token, 0);
    expect(codec.verify(tokens[0] ?? '', 0)).toMatchObject({ sub: 'anon-0' });
    now += 120;
    expect(refusal(() => codec.verify(tokens[0] ?? '', 0))).toBe('expired');
    expect(refusal(() => codec.verify(tokens.at(-1) ?? '', 0))).toBe('expired');
  });
});
