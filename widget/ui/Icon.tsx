import { iconPaths, type IconName } from '../shared/icons.ts';

/** A decorative stroke icon; the button around it carries the accessible name. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg class="dw-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={iconPaths[name]} />
    </svg>
  );
}
