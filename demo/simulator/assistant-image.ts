/**
 * The image a model "returns" in `scenario: image-first` (dify-api.md §4.4): saved as an assistant file of
 * the message before the first text chunk, which is what turns every text delta into `message_file`.
 */
import { randomUUID } from 'node:crypto';
import { epochSeconds } from './http.ts';
import { signedFileUrl } from './payload.ts';
import type { SimulatorStore } from './store.ts';
import type { MessageFile } from './records.ts';
import type { AssistantFile } from './shapes-message.ts';

/** An 8 × 8 PNG in the widget's blue. */
const squarePng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGMQjXuPFTEMLQkAXkZYgRyBgk8AAAAASUVORK5CYII=',
  'base64',
);

/** Stores the image (served by its signed URL) and returns it as the frame and the message list show it. */
export function assistantImage(
  store: SimulatorStore,
  owner: { appKey: string; endUserId: string },
  baseUrl: string,
): { frame: AssistantFile; listed: MessageFile } {
  const id = randomUUID();
  store.addFile({
    id,
    appKey: owner.appKey,
    name: 'generated.png',
    size: squarePng.length,
    extension: 'png',
    mimeType: 'image/png',
    createdBy: owner.endUserId,
    createdAt: epochSeconds(),
    bytes: squarePng,
  });
  const url = signedFileUrl(baseUrl, id);
  const listed: MessageFile = {
    id: randomUUID(),
    filename: 'generated.png',
    type: 'image',
    url,
    mime_type: 'image/png',
    size: squarePng.length,
    transfer_method: 'tool_file',
    belongs_to: 'assistant',
    upload_file_id: null,
  };
  return { frame: { id: listed.id, type: 'image', url }, listed };
}
