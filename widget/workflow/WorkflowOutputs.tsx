import type { JsonRecord } from '../core/guards.ts';
import { isRecord } from '../core/guards.ts';
import { Markdown } from '../markdown/index.ts';

/** A non-text output in plain words: lists as lists, objects as name–value lists, the rest as text. */
function ReadableValue({ value }: { value: unknown }) {
  if (Array.isArray(value))
    return (
      <ul class="dw-output-list">
        {value.map((item, index) => (
          <li key={index}>
            <ReadableValue value={item} />
          </li>
        ))}
      </ul>
    );
  if (isRecord(value)) return <NamedValues values={value} />;
  return <span class="dw-plain">{value === null || value === undefined ? '—' : String(value)}</span>;
}

function NamedValues({ values, text }: { values: JsonRecord; text?: boolean }) {
  return (
    <dl class="dw-outputs">
      {Object.entries(values).map(([name, value]) => (
        <div class="dw-output" key={name} data-output={name}>
          <dt>{name}</dt>
          <dd>{text && typeof value === 'string' ? <Markdown source={value} streaming={false} /> : <ReadableValue value={value} />}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A workflow's final outputs, by variable name: text outputs as markdown, the others as a readable list. */
export function WorkflowOutputs({ outputs }: { outputs: JsonRecord }) {
  return (
    <div part="outputs">
      <NamedValues values={outputs} text />
    </div>
  );
}
