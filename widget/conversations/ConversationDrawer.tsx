import { useEffect, useRef, useState } from 'preact/hooks';
import type { Problem } from '../core/problems.ts';
import { isSettled } from '../core/status.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { pickStrings } from '../i18n/feature-strings.ts';
import { drawerStrings } from './strings.ts';
import type { WidgetModel } from '../model/widget-model.ts';
import { Icon } from '../ui/Icon.tsx';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import { ProblemNotice } from '../ui/ProblemNotice.tsx';
import { createConversationList } from './conversation-list.ts';
import { ConversationRow, type RowMode } from './ConversationRow.tsx';
import drawerCss from './drawer.css?inline';
import { switchConversation } from './switch-conversation.ts';

/** The row being renamed or asked about, and a refusal to show under a row. */
interface RowState {
  id: string;
  mode: RowMode;
  problem?: Problem;
}

/**
 * The visitor's conversations, in place of the chat while open: newest first, paged, switch to one,
 * rename, delete after confirming, start a new one. Focus moves in when it opens; Escape closes it
 * (the panel puts focus back on the button that opened it).
 */
export function ConversationDrawer({ model, onClose }: { model: WidgetModel; onClose: () => void }) {
  const section = useShadowStyles<HTMLElement>(drawerCss);
  const [list] = useState(() => createConversationList(model.services.client));
  const [row, setRow] = useState<RowState | undefined>(undefined);
  const focusTarget = useRef<string | undefined>(undefined);
  const current = model.chat.conversationId.value;
  const settled = isSettled(model.chat.status.value);
  const items = list.items.value;

  // On open, and whenever an answer ends: it may have made a conversation, or Dify may have named one.
  useEffect(() => void list.refresh(), [settled]);
  useEffect(() => section.current?.focus(), []);
  // Focus goes back to a row once it shows its name again (after a rename, or a cancelled question).
  useEffect(() => {
    const target = focusTarget.current && section.current?.querySelector<HTMLElement>(focusTarget.current);
    if (!target) return;
    target.focus();
    focusTarget.current = undefined;
  });

  const showRow = (id: string, index: number) => (mode: RowMode) => {
    if (mode === 'view') focusTarget.current = `#dw-conversation-${index}`;
    setRow(mode === 'view' ? undefined : { id, mode });
  };

  async function rename(id: string, index: number, name: string) {
    const problem = await list.rename(id, name);
    if (problem) return setRow({ id, mode: 'rename', problem });
    focusTarget.current = `#dw-conversation-${index}`;
    setRow(undefined);
  }

  async function remove(id: string) {
    const problem = await list.remove(id);
    if (problem) return setRow({ id, mode: 'confirm-delete', problem });
    // Its messages are gone: the chat must not keep sending into it.
    if (id === model.chat.conversationId.peek()) model.newConversation();
    setRow(undefined);
    section.current?.focus();
  }

  return (
    <section
      ref={section}
      class="dw-body dw-drawer"
      part="body conversations"
      id="dw-conversations"
      aria-labelledby="dw-conversations-title"
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || event.isComposing || event.defaultPrevented) return;
        event.preventDefault();
        event.stopPropagation();
        onClose();
      }}
    >
      <div class="dw-drawer-head">
        <h3 class="dw-drawer-title" id="dw-conversations-title">
          {catalogue.value.conversations}
        </h3>
        <button
          type="button"
          class="dw-button"
          data-variant="secondary"
          part="drawer-new-conversation"
          onClick={() => {
            model.newConversation();
            onClose();
          }}
        >
          <Icon name="plus" />
          {catalogue.value.newConversation}
        </button>
      </div>
      {list.problem.value && (
        <ProblemNotice
          problem={list.problem.value}
          lead={pickStrings(drawerStrings).conversationsFailed}
          onRetry={() => void list.refresh()}
        />
      )}
      {items.length === 0 && !list.loading.value && !list.problem.value && (
        <p class="dw-note">{pickStrings(drawerStrings).noConversations}</p>
      )}
      <ul class="dw-conversations" aria-labelledby="dw-conversations-title" aria-busy={list.loading.value ? 'true' : 'false'}>
        {items.map((item, index) => (
          <ConversationRow
            key={item.id}
            item={item}
            index={index}
            current={item.id === current}
            mode={row?.id === item.id ? row.mode : 'view'}
            problem={row?.id === item.id ? row.problem : undefined}
            onMode={showRow(item.id, index)}
            onOpen={() => {
              void switchConversation(model, item.id);
              onClose();
            }}
            onRename={(name) => void rename(item.id, index, name)}
            onDelete={() => void remove(item.id)}
          />
        ))}
      </ul>
      {list.hasMore.value && (
        <button type="button" class="dw-button" data-variant="secondary" part="conversations-more" onClick={() => void list.loadMore()}>
          {pickStrings(drawerStrings).showMore}
        </button>
      )}
      {list.loading.value && (
        <p class="dw-status" role="status">
          {catalogue.value.loading}
        </p>
      )}
    </section>
  );
}
