import { catalogue } from '../i18n/catalogue.ts';
import { Icon } from './Icon.tsx';

/** The submit button of a run form (completion, workflow), which turns into Stop while a run goes on. */
export function RunStopButton({ busy, label, part, onStop }: { busy: boolean; label: string; part: string; onStop: () => void }) {
  return (
    <div class="dw-row">
      {busy ? (
        <button
          type="button"
          class="dw-button"
          part="stop"
          onClick={(event) => {
            // Stopping re-renders this same <button> as the submit button before the click's default
            // action runs; without this the click would submit the form and start again.
            event.preventDefault();
            onStop();
          }}
        >
          <Icon name="stop" />
          {catalogue.value.stop}
        </button>
      ) : (
        <button type="submit" class="dw-button" part={part}>
          {label}
        </button>
      )}
    </div>
  );
}
