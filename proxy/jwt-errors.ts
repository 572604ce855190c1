/** The `code` jose puts on its errors (ERR_JWT_EXPIRED, ERR_JWS_SIGNATURE_VERIFICATION_FAILED, …). */
export function joseErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}

/** The claim jose names when a claim check fails (`exp`, `sub`, …). */
export function joseErrorClaim(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('claim' in error)) return undefined;
  const { claim } = error;
  return typeof claim === 'string' ? claim : undefined;
}
