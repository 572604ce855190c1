/** The bubble's icon, the one path the loader paints (on its own, so the loader carries no other). */
export const chatIconPath =
  'M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4h0A1.5 1.5 0 0 1 4 14.5z';

/** SVG path data (24×24 viewBox, stroke icons) of the Preact UI. */
export const iconPaths = {
  chat: chatIconPath,
  close: 'M6 6l12 12M18 6L6 18',
  send: 'M5 12h13M12 5l7 7-7 7',
  stop: 'M7 7h10v10H7z',
  plus: 'M12 5v14M5 12h14',
  compose: 'M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z',
  list: 'M4 6h16M4 12h16M4 18h10',
  expand: 'M14 4h6v6M10 20H4v-6M20 4l-7 7M4 20l7-7',
  copy: 'M9 9h10v11H9zM5 15V4h10',
  retry: 'M4 12a8 8 0 1 0 2.3-5.7M4 4v4h4',
  like: 'M7 11v9H4v-9zM7 11l4-7a2 2 0 0 1 2 2v4h5.5a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 17.3 20H7',
  dislike: 'M7 13V4H4v9zM7 13l4 7a2 2 0 0 0 2-2v-4h5.5a2 2 0 0 0 2-2.3l-1.2-6A2 2 0 0 0 17.3 4H7',
} as const;

export type IconName = keyof typeof iconPaths;
