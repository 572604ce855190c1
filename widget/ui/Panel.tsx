import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredConversation } from '../core/persisted-state.ts';
import { catalogue } from '../i18n/catalogue.ts';
import type { WidgetModel } from '../model/widget-model.ts';
import { ChatView } from './ChatView.tsx';
import { Header } from './Header.tsx';
import { lazyComponent } from './lazy-component.tsx';
import { usePhoneSheet } from './phone-sheet.ts';
import { ProblemNotice } from './ProblemNotice.tsx';
import type { ViewModel } from './view-model.ts';

// Offered only after New conversation: its own chunk.
const UndoToast = lazyComponent(() => import('./rare-extras.ts').then((module) => module.UndoToast));

// Completion apps are the rarer kind: their view loads only for them.
const CompletionView = lazyComponent(() => import('./CompletionView.tsx').then((module) => module.CompletionView));
// So are workflow apps, and the conversation list is opened by few visitors: each its own chunk.
const WorkflowView = lazyComponent(() => import('../workflow/WorkflowView.tsx').then((module) => module.WorkflowView));
const ConversationDrawer = lazyComponent(() =>
  import('../conversations/ConversationDrawer.tsx').then((module) => module.ConversationDrawer),
);

const firstFieldSelector = 'textarea, input, select';

/**
 * The chat panel: a labelled dialog next to the bubble, or a labelled region inline in the page.
 * On open (bubble only) focus moves into it: to the first field, or to the panel itself on touch
 * screens so the on-screen keyboard does not cover the conversation.
 */
export function Panel({ model, view }: { model: WidgetModel; view: ViewModel }) {
  const panel = useRef<HTMLDivElement>(null);
  const app = model.app.value;
  const isDialog = view.mode === 'bubble';
  const title = model.config.title || app?.title || catalogue.value.defaultTitle;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const drawerButton = useRef<HTMLButtonElement>(null);
  const closeDrawer = () => {
    setDrawerOpen(false);
    drawerButton.current?.focus();
  };
  // The larger panel (desktop bubble only), kept while the panel is open.
  const [expanded, setExpanded] = useState(false);
  // The conversation New conversation put aside, while its Undo is offered.
  const [putAside, setPutAside] = useState<StoredConversation | undefined>(undefined);

  usePhoneSheet(panel, isDialog);

  const focusOnOpen = () => {
    const element = panel.current;
    if (!isDialog || !element || !view.moveFocusOnOpen) return;
    const root = element.getRootNode();
    const active = root instanceof ShadowRoot || root instanceof Document ? root.activeElement : null;
    // Only move focus if it is not already somewhere inside (the visitor may have started typing).
    if (active && active !== element && element.contains(active)) return;
    const touch = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
    const field = touch ? null : element.querySelector<HTMLElement>(firstFieldSelector);
    (field ?? element).focus();
  };
  useEffect(focusOnOpen, [app?.kind]);

  let content;
  if (app?.kind === 'completion') content = <CompletionView model={model} app={app} panel={panel} onShown={focusOnOpen} />;
  else if (app?.kind === 'workflow') content = <WorkflowView model={model} app={app} panel={panel} onShown={focusOnOpen} />;
  else if (app && drawerOpen) content = <ConversationDrawer model={model} onClose={closeDrawer} />;
  else if (app) content = <ChatView model={model} view={view} app={app} panel={panel} />;
  else {
    const problem = model.loadProblem.value;
    content = (
      <div class="dw-body" part="body">
        {problem ? (
          <ProblemNotice problem={problem} lead={catalogue.value.problems.loadFailed} onRetry={() => void model.activate()} />
        ) : (
          <p class="dw-status" role="status">
            {catalogue.value.loading}
          </p>
        )}
      </div>
    );
  }

  return (
    <div
      ref={panel}
      id="dw-panel"
      class="dw-panel"
      part="panel"
      role={isDialog ? 'dialog' : 'region'}
      aria-modal={isDialog ? 'false' : undefined}
      aria-labelledby="dw-title"
      tabIndex={-1}
      data-kind={app?.kind ?? 'loading'}
      data-expanded={expanded ? 'true' : undefined}
    >
      <Header
        title={title}
        subtitle={app?.description}
        icon={app?.icon}
        onNewConversation={app?.kind === 'chat' ? () => setPutAside(model.newConversation()) : undefined}
        onConversations={app?.kind === 'chat' ? () => (drawerOpen ? closeDrawer() : setDrawerOpen(true)) : undefined}
        drawerOpen={drawerOpen}
        drawerButton={drawerButton}
        onClose={isDialog ? view.close : undefined}
        expanded={isDialog ? expanded : undefined}
        onExpand={() => setExpanded(!expanded)}
      />
      {putAside && model.chat.turns.value.length === 0 && (
        <UndoToast onUndo={() => void model.chat.restore(putAside)} onDismiss={() => setPutAside(undefined)} />
      )}
      {content}
    </div>
  );
}
