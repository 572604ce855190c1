import type { Page } from 'playwright-core';

/** A real 1×1 PNG (a red pixel), as a visitor's image. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A PNG of `bytes` bytes: the real header and pixel, padded (Dify and the simulator look only at name, type and size). */
export function pngOfSize(bytes: number): Buffer {
  return Buffer.concat([tinyPng, Buffer.alloc(Math.max(0, bytes - tinyPng.length))]);
}

/**
 * Fires a paste or a drop of one file on the widget's message box, as the browser does when a visitor
 * pastes an image or drops a file (a DataTransfer carrying a File).
 */
export async function pasteOrDropFile(
  page: Page,
  how: 'paste' | 'drop',
  file: { name: string; type: string; bytes: Buffer },
): Promise<void> {
  await page.evaluate(
    ({ kind, name, type, base64 }) => {
      const textarea = document.querySelector('dify-widget')?.shadowRoot?.querySelector('[part~="input"]');
      if (!textarea) throw new Error('no message box');
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], name, { type }));
      if (kind === 'paste') {
        textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true, composed: true }));
        return;
      }
      textarea.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
      textarea.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true, composed: true }));
    },
    { kind: how, name: file.name, type: file.type, base64: file.bytes.toString('base64') },
  );
}
