import { useEffect, useRef, useState } from 'preact/hooks';
import type { Problem } from '../core/problems.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { pickStrings } from '../i18n/feature-strings.ts';
import { drawerStrings } from './strings.ts';
import { ProblemNotice } from '../ui/ProblemNotice.tsx';
import type { ConversationSummary } from './conversation-list.ts';

/** What a row is showing: the conversation, its rename form, or the question before deleting it. */
export type RowMode = 'view' | 'rename' | 'confirm-delete';

export interface ConversationRowProps {
  item: ConversationSummary;
  index: number;
  current: boolean;
  mode: RowMode;
  problem: Problem | undefined;
  onMode: (mode: RowMode) => void;
  onOpen: () => void;
  onRename: (name: string) => void;
  onDelete: () => void;
}

/** Escape inside a row's form cancels it, and only it: the drawer must not close as well. */
function cancelOnEscape(cancel: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.isComposing) return;
    event.preventDefault();
    event.stopPropagation();
    cancel();
  };
}

function RenameForm({ item, onRename, onCancel }: { item: ConversationSummary; onRename: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(item.name);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.select(), []);
  const id = `dw-rename-${item.id}`;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onRename(name);
      }}
      onKeyDown={cancelOnEscape(onCancel)}
    >
      <label class="dw-visually-hidden" for={id}>
        {pickStrings(drawerStrings).conversationName}
      </label>
      <input
        ref={field}
        id={id}
        class="dw-input"
        part="conversation-name"
        maxLength={200}
        value={name}
        onInput={(event) => setName(event.currentTarget.value)}
      />
      <button type="submit" class="dw-button" part="conversation-save">
        {pickStrings(drawerStrings).save}
      </button>
      <button type="button" class="dw-button" data-variant="secondary" onClick={onCancel}>
        {pickStrings(drawerStrings).cancel}
      </button>
    </form>
  );
}

function DeleteConfirm({ item, onDelete, onCancel }: { item: ConversationSummary; onDelete: () => void; onCancel: () => void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  // The safe choice has focus: Enter on a repeated key press must not delete.
  useEffect(() => cancel.current?.focus(), []);
  const textId = `dw-confirm-${item.id}`;
  return (
    <div class="dw-confirm" role="group" aria-labelledby={textId} onKeyDown={cancelOnEscape(onCancel)}>
      <p id={textId}>{pickStrings(drawerStrings).confirmDelete(item.name || catalogue.value.conversation)}</p>
      <button type="button" class="dw-button" part="conversation-confirm-delete" onClick={onDelete}>
        {pickStrings(drawerStrings).remove}
      </button>
      <button ref={cancel} type="button" class="dw-button" data-variant="secondary" part="conversation-cancel-delete" onClick={onCancel}>
        {pickStrings(drawerStrings).cancel}
      </button>
    </div>
  );
}

/** One conversation in the drawer: open it, rename it, or delete it after confirming. */
export function ConversationRow({ item, index, current, mode, problem, onMode, onOpen, onRename, onDelete }: ConversationRowProps) {
  const nameId = `dw-conversation-${index}`;
  const name = item.name || catalogue.value.conversation;
  return (
    <li class="dw-conversation" part="conversation-item" data-conversation={item.id}>
      {mode === 'rename' ? (
        <RenameForm item={item} onRename={onRename} onCancel={() => onMode('view')} />
      ) : (
        <>
          <button
            type="button"
            id={nameId}
            class="dw-conversation-open"
            part="conversation"
            title={name}
            aria-current={current ? 'true' : undefined}
            onClick={onOpen}
          >
            {name}
          </button>
          <button
            type="button"
            class="dw-link-button"
            part="conversation-rename"
            aria-describedby={nameId}
            onClick={() => onMode('rename')}
          >
            {pickStrings(drawerStrings).rename}
          </button>
          <button
            type="button"
            class="dw-link-button"
            part="conversation-delete"
            aria-describedby={nameId}
            onClick={() => onMode('confirm-delete')}
          >
            {pickStrings(drawerStrings).remove}
          </button>
          {mode === 'confirm-delete' && <DeleteConfirm item={item} onDelete={onDelete} onCancel={() => onMode('view')} />}
        </>
      )}
      {problem && <ProblemNotice problem={problem} />}
    </li>
  );
}
