import { language } from '../i18n/catalogue.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import { readAnswerFiles } from './answer-files.ts';
import filesCss from './answer-files.css?inline';

/** 2048 → "2 kB", in the widget's language; no words to translate. */
function formatSize(bytes: number): string {
  const [value, unit] = bytes < 1024 ? [bytes, 'byte'] : bytes < 1024 ** 2 ? [bytes / 1024, 'kilobyte'] : [bytes / 1024 ** 2, 'megabyte'];
  return new Intl.NumberFormat(language.value, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/**
 * The files an answer came with, under its text: images inline, other files as links with their name and
 * size. Its own chunk, fetched the first time an answer has files (`metadata.files`: a chatflow's
 * `message_end.files`, or the assistant's files read back from `/messages`, see core/history.ts).
 */
export function AnswerFiles({ files }: { files: unknown }) {
  const ref = useShadowStyles<HTMLDivElement>(filesCss);
  return (
    <div class="dw-answer-files" part="answer-files" ref={ref}>
      {readAnswerFiles(files).map((file) =>
        file.image ? (
          <img key={file.url} class="dw-answer-image" part="answer-image" src={file.url} alt={file.name} referrerpolicy="no-referrer" />
        ) : (
          <a
            key={file.url}
            class="dw-answer-file"
            part="answer-file"
            href={file.url}
            download={file.name}
            target="_blank"
            rel="noopener noreferrer"
          >
            <span dir="auto">{file.name}</span>
            {file.size !== undefined && <span class="dw-answer-file-size">{formatSize(file.size)}</span>}
          </a>
        ),
      )}
    </div>
  );
}
