/**
 * False when no font on this device draws `emoji` (it would show as an empty box, e.g. Linux without
 * an emoji font): its pixels on a canvas are then those of U+10FFFD, a character no font has.
 * Without a canvas it is assumed to draw.
 */
export function emojiDrawn(emoji: string): boolean {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return true;
  context.font = '24px sans-serif';
  const pixels = (text: string) => {
    context.clearRect(0, 0, 32, 32);
    context.fillText(text, 0, 24);
    return context.getImageData(0, 0, 32, 32).data.join();
  };
  return pixels(emoji) !== pixels('\u{10FFFD}');
}
