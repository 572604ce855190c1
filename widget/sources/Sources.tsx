import { useId, useState } from 'preact/hooks';
import { catalogue } from '../i18n/catalogue.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import { readSources, type Source } from './read-sources.ts';
import sourcesCss from './sources.css?inline';

function SourceItem({ source }: { source: Source }) {
  const [open, setOpen] = useState(false);
  const quoteId = useId();
  return (
    <li class="dw-source" part="source">
      <button
        type="button"
        class="dw-source-toggle"
        part="source-toggle"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={quoteId}
        onClick={() => setOpen(!open)}
      >
        <span class="dw-source-name" dir="auto">
          {source.document}
        </span>
        {source.dataset && (
          <span class="dw-source-meta" dir="auto">
            {source.dataset}
          </span>
        )}
        {source.score !== undefined && <span class="dw-source-meta">{source.score.toFixed(2)}</span>}
      </button>
      <blockquote id={quoteId} class="dw-source-quote" part="source-quote" dir="auto" hidden={!open}>
        {source.content}
      </blockquote>
    </li>
  );
}

/**
 * The citations under an answer (`retriever_resources`): a list of documents, each a button that opens
 * the quoted segment (`aria-expanded`), so it works by keyboard and reads well. Its own chunk, fetched
 * the first time an answer has sources.
 */
export function Sources({ resources }: { resources: unknown }) {
  const ref = useShadowStyles<HTMLElement>(sourcesCss);
  const sources = readSources(resources);
  return (
    <section class="dw-sources" part="sources" aria-label={catalogue.value.sources} ref={ref} hidden={sources.length === 0}>
      <p class="dw-sources-title" aria-hidden="true">
        {catalogue.value.sources}
      </p>
      <ul class="dw-source-list">
        {sources.map((source) => (
          <SourceItem key={source.key} source={source} />
        ))}
      </ul>
    </section>
  );
}
