import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AppIcon } from '../core/app-info.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { emojiDrawn } from './emoji-drawn.ts';
import { Icon } from './Icon.tsx';

export interface HeaderProps {
  title: string;
  /** The app's `/site` description, under the title. */
  subtitle?: string | undefined;
  icon: AppIcon | undefined;
  onNewConversation: (() => void) | undefined;
  onClose: (() => void) | undefined;
  /** Opens or closes the conversations drawer (chat apps); `drawerOpen` says which it is now. */
  onConversations?: (() => void) | undefined;
  drawerOpen?: boolean;
  drawerButton?: RefObject<HTMLButtonElement | null>;
  /** Whether the bubble's panel is the larger one; undefined: no Expand button (inline). */
  expanded?: boolean | undefined;
  onExpand?: () => void;
}

/** The app's icon: in the header, and beside each answer when `/site` `use_icon_as_answer_icon` says so. */
export function AppIconView({ icon, title }: { icon: AppIcon; title: string }) {
  // Where no font draws the emoji, the app's initial stands in for it (checked after the first paint).
  const [drawn, setDrawn] = useState(true);
  useEffect(() => {
    if (icon.kind === 'emoji') setDrawn(emojiDrawn(icon.emoji));
  }, [icon]);
  if (icon.kind === 'image') {
    return (
      <span class="dw-app-icon" aria-hidden="true">
        <img src={icon.url} alt="" referrerpolicy="no-referrer" />
      </span>
    );
  }
  return (
    // The initial keeps the widget's own colours: Dify's pastel backgrounds would hide it in dark mode.
    <span class="dw-app-icon" aria-hidden="true" style={drawn && icon.background ? { backgroundColor: icon.background } : undefined}>
      {drawn ? icon.emoji : title.charAt(0).toUpperCase()}
    </span>
  );
}

function iconButton(name: 'expand' | 'close', label: string, onClick: (() => void) | undefined, pressed?: boolean) {
  return (
    <button
      type="button"
      class={`dw-icon-button dw-${name}`}
      part={name}
      aria-label={label}
      title={label}
      aria-pressed={pressed === undefined ? undefined : pressed ? 'true' : 'false'}
      onClick={onClick}
    >
      <Icon name={name} />
    </button>
  );
}

/** The panel's title bar: the app's icon, title and description, Conversations, New conversation, Expand (bubble only) and Close. */
export function Header(props: HeaderProps) {
  const { title, subtitle, icon, onNewConversation, onClose, onConversations, drawerOpen, drawerButton, expanded, onExpand } = props;
  const strings = catalogue.value;
  return (
    <div class="dw-header" part="header">
      {icon && <AppIconView icon={icon} title={title} />}
      <div class="dw-heading">
        <h2 class="dw-title" id="dw-title" part="title">
          {title}
        </h2>
        {subtitle && (
          <p class="dw-subtitle" part="subtitle" dir="auto">
            {subtitle}
          </p>
        )}
      </div>
      {onConversations && (
        <button
          ref={drawerButton}
          type="button"
          class="dw-icon-button"
          part="conversations-toggle"
          aria-label={strings.conversations}
          title={strings.conversations}
          aria-expanded={drawerOpen ? 'true' : 'false'}
          onClick={onConversations}
        >
          <Icon name="list" />
        </button>
      )}
      {onNewConversation && (
        <button
          type="button"
          class="dw-icon-button dw-new"
          part="new-conversation"
          title={strings.newConversation}
          onClick={onNewConversation}
        >
          <Icon name="compose" />
          <span class="dw-new-label">{strings.newConversation}</span>
        </button>
      )}
      {expanded !== undefined && iconButton('expand', strings.expand, onExpand, expanded)}
      {onClose && iconButton('close', strings.closeChat, onClose)}
    </div>
  );
}
