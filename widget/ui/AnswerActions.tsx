import { useState } from 'preact/hooks';
import { catalogue } from '../i18n/catalogue.ts';
import type { ChatModel } from '../model/chat-types.ts';
import type { Turn } from '../model/turn.ts';
import type { IconName } from '../shared/icons.ts';
import actionsCss from './answer-actions.css?inline';
import { Icon } from './Icon.tsx';
import { lazyComponent } from './lazy-component.tsx';
import { useShadowStyles } from './lazy-styles.ts';

// Asked for after a dislike only: with the other rarely reached parts.
const FeedbackReason = lazyComponent(() => import('./rare-extras.ts').then((module) => module.FeedbackReason));

interface ActionProps {
  icon: IconName;
  label: string;
  part: string;
  onClick: () => void;
  pressed?: boolean;
  disabled?: boolean;
}

function Action({ icon, label, part, onClick, pressed, disabled }: ActionProps) {
  return (
    <button
      type="button"
      class="dw-icon-button"
      part={part}
      aria-label={label}
      title={label}
      aria-pressed={pressed === undefined ? undefined : pressed ? 'true' : 'false'}
      disabled={disabled}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}

/**
 * The row under a finished answer, outside its bubble so a short answer stays one line high: copy its
 * markdown, a new answer to the same question (last answer only), and like or dislike, a dislike
 * asking for an optional reason. Its own chunk (MessageList loads it with the first turn): the row
 * appears once an answer has finished, so the open chat does not wait for it.
 */
export function AnswerActions({ turn, chat, isLast }: { turn: Turn; chat: ChatModel; isLast: boolean }) {
  const [copied, setCopied] = useState(false);
  const [asking, setAsking] = useState(false);
  const answer = turn.answer.value;
  const rating = turn.rating.value;
  const strings = catalogue.value;
  const styled = useShadowStyles<HTMLDivElement>(actionsCss);
  // Always there (empty, so hidden, until the answer is done): its styles arrive with it.
  const done = answer.ending === 'complete' || answer.ending === 'aborted';
  const rateable = done && answer.ending === 'complete' && answer.messageId;
  const copy = () =>
    navigator.clipboard?.writeText(answer.text).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      },
      () => undefined,
    );
  return (
    <div ref={styled} class="dw-answer-actions" part="answer-actions">
      {done && (
        <>
          {answer.text && <Action icon="copy" part="copy-answer" label={copied ? strings.copied : strings.copyAnswer} onClick={copy} />}
          {isLast && <Action icon="retry" part="regenerate" label={strings.regenerate} disabled={chat.busy.value} onClick={chat.retry} />}
          {rateable && (
            <>
              <Action
                icon="like"
                part="feedback-like"
                label={strings.like}
                pressed={rating === 'like'}
                onClick={() => void chat.rate(turn, rating === 'like' ? null : 'like')}
              />
              <Action
                icon="dislike"
                part="feedback-dislike"
                label={strings.dislike}
                pressed={rating === 'dislike'}
                onClick={() => {
                  setAsking(rating !== 'dislike');
                  void chat.rate(turn, rating === 'dislike' ? null : 'dislike');
                }}
              />
            </>
          )}
        </>
      )}
      {asking && (
        <FeedbackReason
          onDone={(reason) => {
            setAsking(false);
            if (reason) void chat.rate(turn, 'dislike', reason);
          }}
        />
      )}
    </div>
  );
}
