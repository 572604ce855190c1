/** Ids in Dify's formats. */

/** A canonical, hyphenated UUID (any version). */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
