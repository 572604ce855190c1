import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AppDescription } from '../core/app-info.ts';
import { catalogue } from '../i18n/catalogue.ts';
import type { ChatModel } from '../model/chat-types.ts';
import type { Turn } from '../model/turn.ts';
import { AnswerView } from './AnswerView.tsx';
import { lazyComponent } from './lazy-component.tsx';
import { ProblemNotice } from './ProblemNotice.tsx';

// Shown once an answer has finished: fetched while the first one streams, not with the chat.
const AnswerActions = lazyComponent(() => import('./chat-extras.ts').then((module) => module.AnswerActions));

export interface MessageListProps {
  chat: ChatModel;
  app: AppDescription;
  /** Rendered between the opening statement and the suggestions (the input form). */
  beforeFirstMessage?: preact.ComponentChildren;
  onSuggestion: (question: string) => void;
  /** Rendered in each answer (the speaker button of apps with text-to-speech). */
  answerTools?: ((turn: Turn) => preact.ComponentChildren) | undefined;
}

const pinnedThreshold = 48;
const loadOlderThreshold = 80;

interface TurnViewProps {
  turn: Turn;
  isLast: boolean;
  chat: ChatModel;
  app: AppDescription;
  onSuggestion: (question: string) => void;
  tools: MessageListProps['answerTools'];
}

function TurnView({ turn, isLast, chat, app, onSuggestion, tools }: TurnViewProps) {
  return (
    <li class="dw-turn" data-turn={turn.id}>
      <div class="dw-message" dir="auto" part="message user-message" data-role="user">
        <span class="dw-visually-hidden" dir="auto">
          {catalogue.value.labelled(catalogue.value.you)}
        </span>
        {turn.query}
      </div>
      <AnswerView
        answer={turn.answer}
        onRetry={isLast ? () => void chat.retry() : undefined}
        onAnswerForm={(form, reply) => chat.answerForm(turn, form, reply)}
        busy={chat.busy}
        tools={tools?.(turn)}
        features={app}
        // Only after an answer given now: a turn from history has its message id as its id (chat-history.ts).
        followUps={isLast && app.followUps && turn.id.startsWith('local-') ? { load: chat.suggested, onAsk: onSuggestion } : undefined}
      />
      <AnswerActions turn={turn} chat={chat} isLast={isLast} />
    </li>
  );
}

/**
 * The scrolling conversation. It stays pinned to the bottom while an answer grows (unless the
 * visitor scrolled up to read), and loads older messages when scrolled to the top, keeping the
 * visible messages where they were.
 */
export function MessageList({ chat, app, beforeFirstMessage, onSuggestion, answerTools }: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  // Scrolled up to read: while an answer streams, a pill offers the way back down.
  const [away, setAway] = useState(false);
  const heightBeforeOlder = useRef<number | undefined>(undefined);
  const turns = chat.turns.value;
  const firstTurnId = turns[0]?.id;

  const scrollToEnd = () => {
    const element = scroller.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  };

  const jumpToEnd = () => {
    pinned.current = true;
    scrollToEnd();
  };

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && heightBeforeOlder.current !== undefined) {
      element.scrollTop += element.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = undefined;
    } else {
      // A message just sent is always shown, wherever the visitor had scrolled to.
      if (turns.at(-1)?.answer.peek().status === 'submitted') pinned.current = true;
      scrollToEnd();
    }
  }, [turns.length, firstTurnId]);

  useLayoutEffect(() => {
    // Streaming text changes only the answer's own component; watch the list's size to follow it.
    if (typeof ResizeObserver !== 'function' || !list.current) return undefined;
    const observer = new ResizeObserver(scrollToEnd);
    observer.observe(list.current);
    return () => observer.disconnect();
  }, []);

  const loadOlder = () => {
    if (!chat.hasOlder.peek() || chat.historyLoading.peek()) return;
    heightBeforeOlder.current = scroller.current?.scrollHeight;
    void chat.loadOlder();
  };

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < pinnedThreshold;
    setAway(!pinned.current);
    if (element.scrollTop < loadOlderThreshold) loadOlder();
  };

  const empty = turns.length === 0 && !chat.conversationId.value;
  const historyProblem = chat.historyProblem.value;
  return (
    <div class="dw-body" part="body" ref={scroller} onScroll={onScroll}>
      {historyProblem && (
        <ProblemNotice problem={historyProblem} lead={catalogue.value.problems.historyFailed} onRetry={() => void chat.retryHistory()} />
      )}
      {chat.hasOlder.value && (
        <button
          type="button"
          class="dw-button dw-earlier"
          data-variant="secondary"
          part="load-earlier"
          disabled={chat.historyLoading.value}
          onClick={loadOlder}
        >
          {chat.historyLoading.value ? catalogue.value.loading : catalogue.value.earlierMessages}
        </button>
      )}
      {app.openingStatement && !chat.hasOlder.value && (
        <div class="dw-message" dir="auto" part="message opening-statement" data-role="assistant" data-status="ready">
          <span class="dw-plain">{app.openingStatement}</span>
        </div>
      )}
      {empty && beforeFirstMessage}
      {empty && app.suggestedQuestions.length > 0 && (
        <ul class="dw-suggestions" part="suggestions" aria-label={catalogue.value.suggestions}>
          {app.suggestedQuestions.map((question) => (
            <li key={question}>
              <button type="button" class="dw-suggestion" part="suggestion" onClick={() => onSuggestion(question)}>
                {question}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ol class="dw-messages" part="messages" aria-label={catalogue.value.conversation} ref={list}>
        {turns.map((turn, index) => (
          <TurnView
            key={turn.id}
            turn={turn}
            isLast={index === turns.length - 1}
            chat={chat}
            app={app}
            onSuggestion={onSuggestion}
            tools={answerTools}
          />
        ))}
      </ol>
      {/* A live region, so a screen reader hears the pill appear. */}
      <div class="dw-jump" aria-live="polite">
        {away && chat.busy.value && (
          <button type="button" class="dw-button" part="jump-to-latest" onClick={jumpToEnd}>
            {catalogue.value.jumpToLatest}
          </button>
        )}
      </div>
    </div>
  );
}
