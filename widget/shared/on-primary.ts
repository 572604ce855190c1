/**
 * The text colour for a brand colour: near-black on light brands (#fde047), white on dark ones,
 * whichever contrasts more (WCAG relative luminance; the two contrast equally at about 0.21). A canvas reads
 * any CSS colour back as `#rrggbb`; a colour it cannot read (or no canvas) keeps the stylesheet's white.
 */
export function onPrimaryFor(color: string): string | undefined {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return undefined;
  context.fillStyle = color;
  const hex = /^#(..)(..)(..)$/.exec(String(context.fillStyle));
  if (!hex) return undefined;
  // sRGB's transfer curve as the usual 2.2 power: within a hair of WCAG's piecewise formula here.
  const [red = 0, green = 0, blue = 0] = hex.slice(1).map((pair) => (parseInt(pair, 16) / 255) ** 2.2);
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.21 ? '#1f2328' : '#fff';
}
