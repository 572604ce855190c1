import type { RefObject } from 'preact';
import type { AppIcon } from '../core/app-info.ts';
import { catalogue } from '../i18n/catalogue.ts';
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
}

/** The app's icon: in the header, and beside each answer when `/site` `use_icon_as_answer_icon` says so. */
export function AppIconView({ icon }: { icon: AppIcon }) {
  if (icon.kind === 'image') {
    return (
      <span class="dw-app-icon" aria-hidden="true">
        <img src={icon.url} alt="" referrerpolicy="no-referrer" />
      </span>
    );
  }
  return (
    <span class="dw-app-icon" aria-hidden="true" style={icon.background ? { backgroundColor: icon.background } : undefined}>
      {icon.emoji}
    </span>
  );
}

/** The panel's title bar: the app's icon, title and description, Conversations, New conversation and Close. */
export function Header({ title, subtitle, icon, onNewConversation, onClose, onConversations, drawerOpen, drawerButton }: HeaderProps) {
  return (
    <div class="dw-header" part="header">
      {icon && <AppIconView icon={icon} />}
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
          aria-label={catalogue.value.conversations}
          title={catalogue.value.conversations}
          aria-expanded={drawerOpen ? 'true' : 'false'}
          onClick={onConversations}
        >
          <Icon name="list" />
        </button>
      )}
      {onNewConversation && (
        <button
          type="button"
          class="dw-icon-button"
          part="new-conversation"
          aria-label={catalogue.value.newConversation}
          title={catalogue.value.newConversation}
          onClick={onNewConversation}
        >
          <Icon name="plus" />
        </button>
      )}
      {onClose && (
        <button
          type="button"
          class="dw-icon-button"
          part="close"
          aria-label={catalogue.value.closeChat}
          title={catalogue.value.closeChat}
          onClick={onClose}
        >
          <Icon name="close" />
        </button>
      )}
    </div>
  );
}
