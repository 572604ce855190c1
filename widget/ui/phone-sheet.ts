import { useLayoutEffect } from 'preact/hooks';
import type { RefObject } from 'preact';

export const phoneQuery = '(max-width: 639.98px)';

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
    const rootStyle = document.documentElement.style;
    let savedOverflow: string | undefined;

    const release = () => {
      panel.current?.style.removeProperty('--dw-viewport-height');
      panel.current?.style.removeProperty('--dw-viewport-top');
      if (savedOverflow !== undefined) rootStyle.overflow = savedOverflow;
      savedOverflow = undefined;
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
      if (savedOverflow === undefined) {
        savedOverflow = rootStyle.overflow;
        rootStyle.overflow = 'hidden';
      }
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
