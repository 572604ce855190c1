import { useEffect, useState } from 'preact/hooks';
import { isRecord, readStrings } from '../core/guards.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';

// The chat's suggestion buttons, a little apart from the answer's own buttons.
const followUpsCss = '.dw-follow-ups>ul{margin-top:8px}';

export interface FollowUpsProps {
  messageId: string;
  /** `GET /messages/:id/suggested` through the proxy. */
  load: (messageId: string) => Promise<unknown>;
  onAsk: (question: string) => void;
}

// One request per answer for the page's life: the call is paid (the app's model writes the questions), and
// the list re-mounts whenever the panel is closed and opened again.
const asked = new Map<string, Promise<string[]>>();

function questionsOf(body: unknown): string[] {
  return isRecord(body) ? readStrings(body, 'data').filter((question) => question.trim() !== '') : [];
}

/**
 * The app's suggested questions after a finished answer (`suggested_questions_after_answer`), as
 * buttons that send them. Nothing shows when the call fails or returns none. Its own chunk.
 */
export function FollowUps({ messageId, load, onAsk }: FollowUpsProps) {
  const [questions, setQuestions] = useState<string[]>([]);
  const ref = useShadowStyles<HTMLDivElement>(followUpsCss);
  useEffect(() => {
    let mounted = true;
    let pending = asked.get(messageId);
    if (!pending) {
      pending = load(messageId).then(questionsOf, () => []);
      asked.set(messageId, pending);
    }
    void pending.then((loaded) => mounted && setQuestions(loaded));
    return () => {
      mounted = false;
    };
  }, [messageId]);
  return (
    <div class="dw-follow-ups" ref={ref}>
      {questions.length > 0 && (
        <ul class="dw-suggestions" part="follow-ups" aria-label={catalogue.value.suggestions}>
          {questions.map((question) => (
            <li key={question}>
              <button type="button" class="dw-suggestion" part="follow-up" onClick={() => onAsk(question)}>
                {question}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
