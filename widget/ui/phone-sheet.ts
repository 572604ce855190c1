import { useLayoutEffect } from 'preact/hooks';
import type { RefObject } from 'preact';

const phoneQuery = '(max-width: 639.98px)';

// One lock for every widget on the page: the first open sheet saves the page's overflow and the
// last one to close puts it back. Each restoring what it saw would leave the page unscrollable when
// two sheets close in the order they opened (the second saw the first one's "hidden").
let scrollLockHolders = 0;
let overflowBeforeLock = '';

function lockPageScroll(): () => void {
  const rootStyle = document.documentElement.style;
  if (scrollLockHolders === 0) {
    overflowBeforeLock = rootStyle.overflow;
    rootStyle.overflow = 'hidden';
  }
  scrollLockHolders += 1;
  return () => {
    scrollLockHolders -= 1;
    if (scrollLockHolders === 0) rootStyle.overflow = overflowBeforeLock;
  };
}

/**
 * While the bubble's panel is open on a phone-sized screen it is a full-screen sheet sized to the
 * visual viewport (so the on-screen keyboard never hides the composer), and the host page stops
 * scrolling behind it. Everything is undone when the panel closes or the screen grows.
 */
export function usePhoneSheet(panel: RefObject<HTMLElement | null>, active: boolean): void {
  useLayoutEffect(() => {
    if (!active || typeof matchMedia !== 'function') return undefined;
    const query = matchMedia(phoneQuery);
    const viewport = window.visualViewport;
    let unlockPageScroll: (() => void) | undefined;

    const release = () => {
      panel.current?.style.removeProperty('--dw-viewport-height');
      panel.current?.style.removeProperty('--dw-viewport-top');
      unlockPageScroll?.();
      unlockPageScroll = undefined;
    };
    const update = () => {
      const element = panel.current;
      if (!element || !query.matches) {
        release();
        return;
      }
      if (viewport) {
        element.style.setProperty('--dw-viewport-height', `${viewport.height}px`);
        element.style.setProperty('--dw-viewport-top', `${viewport.offsetTop}px`);
      }
      unlockPageScroll ??= lockPageScroll();
    };

    update();
    viewport?.addEventListener('resize', update);
    viewport?.addEventListener('scroll', update);
    query.addEventListener('change', update);
    return () => {
      viewport?.removeEventListener('resize', update);
      viewport?.removeEventListener('scroll', update);
      query.removeEventListener('change', update);
      release();
    };
  }, [active]);
}
