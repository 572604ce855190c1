import { catalogue } from '../i18n/catalogue.ts';
import { useShadowStyles } from './lazy-styles.ts';

const counterCss = `.dw-counter{order:-1;width:100%;text-align:end;color:var(--dw-muted)}.dw-counter[data-over]{color:var(--dw-danger)}`;

/**
 * How many characters are left before the proxy's limit, or how many too many: shown only near the
 * limit, so its own chunk. The message box points at it with aria-describedby.
 */
export function LengthCounter({ left }: { left: number }) {
  const styled = useShadowStyles<HTMLSpanElement>(counterCss);
  return (
    <span ref={styled} id="dw-counter" class="dw-counter" part="counter" data-over={left < 0 ? 'true' : undefined}>
      {left < 0 ? catalogue.value.charactersOver(-left) : catalogue.value.charactersLeft(left)}
    </span>
  );
}
