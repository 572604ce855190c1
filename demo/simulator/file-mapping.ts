/** Which file mappings Dify's file factory keeps in a list (pure). */

/**
 * `_is_valid_mapping` (§4.1): a mapping without `transfer_method`, or a `remote_url` one without `url` (or
 * `remote_url`), is dropped without an error.
 */
export function isValidMapping(mapping: Record<string, unknown>): boolean {
  const method = mapping['transfer_method'];
  if (method === undefined || method === null || method === '') return false;
  return method !== 'remote_url' || Boolean(mapping['url'] ?? mapping['remote_url']);
}
