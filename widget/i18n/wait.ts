/**
 * A wait as `Intl.RelativeTimeFormat` takes it: seconds up to a minute and a half, whole minutes beyond
 * ("in 5 minutes", not "in 301 seconds").
 */
export const waitUnits = (seconds: number): [number, Intl.RelativeTimeFormatUnit] =>
  seconds > 90 ? [Math.ceil(seconds / 60), 'minute'] : [seconds, 'second'];
