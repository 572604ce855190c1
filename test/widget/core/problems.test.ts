import { describe, expect, it } from 'vitest';
import { kindForStatus, readRetryAfter } from '../../../widget/core/problems.ts';

describe('readRetryAfter', () => {
  it('reads Retry-After in seconds', () => {
    expect(readRetryAfter(new Headers({ 'Retry-After': '30' }))).toBe(30);
  });

  it('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(readRetryAfter(new Headers({ 'Retry-After': 'Thu, 01 Jan 2026 00:01:30 GMT' }), now)).toBe(90);
  });

  it('falls back to the RateLimit header reset when Retry-After is missing', () => {
    expect(readRetryAfter(new Headers({ RateLimit: 'limit=10, remaining=0, reset=12' }))).toBe(12);
    expect(readRetryAfter(new Headers({ RateLimit: '"default";r=0;t=7' }))).toBe(7);
  });

  it('gives undefined when no header says when', () => {
    expect(readRetryAfter(new Headers())).toBeUndefined();
    expect(readRetryAfter(new Headers({ 'Retry-After': 'soon' }))).toBeUndefined();
  });
});

describe('kindForStatus', () => {
  it.each([
    [429, 'too_many_requests', 'rate-limited'],
    [400, 'rate_limit_error', 'rate-limited'],
    [401, 'unauthorized', 'session'],
    [403, 'origin_not_allowed', 'forbidden'],
    [404, 'not_found', 'not-found'],
    [400, 'invalid_param', 'invalid'],
    [502, 'upstream_auth_failed', 'unavailable'],
    [418, 'teapot', 'unknown'],
  ])('maps %i %s to %s', (status, code, kind) => {
    expect(kindForStatus(status, code)).toBe(kind);
  });
});
