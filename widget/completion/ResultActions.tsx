import { catalogue } from '../i18n/catalogue.ts';
import { pickStrings } from '../i18n/feature-strings.ts';
import { completionStrings } from './strings.ts';
import type { Rating } from '../shared/contract.ts';
import { Icon } from '../ui/Icon.tsx';

export interface ResultActionsProps {
  /** The result's rating; undefined when it has no message id to rate. */
  rating: Rating | null | undefined;
  onRate: (rating: Rating | null) => void;
  /** Offered when the app enables `more_like_this`. */
  onMoreLikeThis: (() => void) | undefined;
}

/** Like / dislike on a generated result (pressing the chosen one again removes it), and More like this. */
export function ResultActions({ rating, onRate, onMoreLikeThis }: ResultActionsProps) {
  const button = (value: Rating, label: string) => (
    <button
      type="button"
      class="dw-icon-button"
      part={`feedback-${value}`}
      aria-label={label}
      title={label}
      aria-pressed={rating === value ? 'true' : 'false'}
      onClick={() => onRate(rating === value ? null : value)}
    >
      <Icon name={value} />
    </button>
  );
  return (
    <>
      {rating !== undefined && button('like', catalogue.value.like)}
      {rating !== undefined && button('dislike', catalogue.value.dislike)}
      {onMoreLikeThis && (
        <button type="button" class="dw-button" data-variant="secondary" part="more-like-this" onClick={onMoreLikeThis}>
          <Icon name="retry" />
          {pickStrings(completionStrings).moreLikeThis}
        </button>
      )}
    </>
  );
}
