import { signal } from '@preact/signals';
import { render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogue, language } from '../../../widget/i18n/catalogue.ts';
import { english, type Catalogue } from '../../../widget/i18n/en.ts';
import arabic from '../../../widget/i18n/locales/ar.ts';
import french from '../../../widget/i18n/locales/fr.ts';
import japanese from '../../../widget/i18n/locales/ja.ts';
import { InputsForm } from '../../../widget/ui/InputsForm.tsx';
import { ProblemNotice } from '../../../widget/ui/ProblemNotice.tsx';
import { transport } from '../fixtures/fake-upload.ts';

function speak(code: string, strings: Catalogue): void {
  language.value = code;
  catalogue.value = strings;
}

afterEach(() => speak('en', english));

function unsupportedNote(labels: string[]): string {
  const { container } = render(
    <InputsForm
      fields={[]}
      values={{}}
      issues={{}}
      onChange={() => undefined}
      unsupported={labels}
      uploads={{ ...transport, app: signal(undefined) }}
    />,
  );
  return container.querySelector('.dw-note')?.textContent ?? '';
}

describe('names and sentences put together in the active language', () => {
  it('lists the inputs the chat cannot ask for as English lists them: commas and “and”', () => {
    expect(unsupportedNote(['Invoice', 'Photo', 'Contract'])).toBe(
      'This app also needs Invoice, Photo, and Contract, which this chat can’t ask for yet.',
    );
  });

  it('lists them with the Japanese enumeration comma, never a “, ”', () => {
    speak('ja', japanese);
    const note = unsupportedNote(['請求書', '写真', '契約書']);
    expect(note).toContain('請求書、写真、契約書');
    expect(note).not.toContain(', ');
  });

  it('lists them in Arabic with its own “and” (و), not an English comma list', () => {
    speak('ar', arabic);
    const note = unsupportedNote(['الفاتورة', 'الصورة', 'العقد']);
    expect(note).toContain('الفاتورة والصورة والعقد');
    expect(note).not.toContain(', ');
  });

  it('sets a problem after what failed with a space in French and none in Japanese', () => {
    const problem = { kind: 'offline', code: 'network_error' } as const;
    speak('fr', french);
    const { container, rerender } = render(<ProblemNotice problem={problem} lead={french.problems.loadFailed} />);
    expect(container.querySelector('p')?.textContent).toBe(`${french.problems.loadFailed} ${french.problems.offline}`);
    speak('ja', japanese);
    rerender(<ProblemNotice problem={problem} lead={japanese.problems.loadFailed} />);
    expect(container.querySelector('p')?.textContent).toBe(`${japanese.problems.loadFailed}${japanese.problems.offline}`);
  });
});
