import { describe, expect, it } from 'vitest';
import { asArray, asRecord, call, keys, useSimulator } from './support.ts';

function formFields(body: unknown): { type: string; config: Record<string, unknown> }[] {
  return asArray(asRecord(body)['user_input_form']).map((entry) => {
    const [type, config] = Object.entries(asRecord(entry))[0] ?? [];
    return { type: String(type), config: asRecord(config) };
  });
}

describe('app info fixtures', () => {
  const simulator = useSimulator({ fileSizeLimitsMb: { image: 3, other: 7 } });

  it('gives the chat app an opening statement, suggestions, optional inputs and image uploads', async () => {
    const { body } = await call(simulator(), keys.chat, 'GET', '/parameters', { query: { user: 'ignored' } });
    const parameters = asRecord(body);
    expect(String(parameters['opening_statement'])).not.toBe('');
    expect(asArray(parameters['suggested_questions']).length).toBeGreaterThan(0);
    expect(parameters['suggested_questions_after_answer']).toEqual({ enabled: true });
    expect(parameters['retriever_resource']).toEqual({ enabled: true });
    expect(formFields(body).every((field) => field.config['required'] === false)).toBe(true);
    expect(asRecord(parameters['file_upload'])).toMatchObject({ enabled: true, allowed_file_types: ['image'], image: { enabled: true } });
    expect(parameters['system_parameters']).toMatchObject({ image_file_size_limit: 3, file_size_limit: 7 });
  });

  it('makes the chat app input required when requiredInputs is set', async () => {
    const { body } = await call(simulator(), keys.chatRequired, 'GET', '/parameters');
    expect(formFields(body).some((field) => field.config['required'] === true)).toBe(true);
  });

  it('gives the completion app text-input, paragraph, select and number fields, some required', async () => {
    const { body } = await call(simulator(), keys.completion, 'GET', '/parameters');
    const fields = formFields(body);
    expect(fields.map((field) => field.type)).toEqual(['text-input', 'paragraph', 'select', 'number']);
    expect(fields.filter((field) => field.config['required'] === true).length).toBeGreaterThan(0);
    const select = fields.find((field) => field.type === 'select');
    expect(asArray(select?.config['options']).length).toBeGreaterThan(1);
  });

  it('serves site with a title, an emoji icon and en-US', async () => {
    const { body } = await call(simulator(), keys.chat, 'GET', '/site');
    expect(body).toMatchObject({ title: expect.any(String), icon_type: 'emoji', icon: expect.any(String), default_language: 'en-US' });
  });

  it('serves info with the app mode and meta with tool icons', async () => {
    for (const [key, mode] of [
      [keys.chat, 'chat'],
      [keys.agent, 'agent-chat'],
      [keys.chatflow, 'advanced-chat'],
      [keys.completion, 'completion'],
      [keys.workflow, 'workflow'],
    ] as const) {
      expect((await call(simulator(), key, 'GET', '/info')).body).toMatchObject({ mode, name: expect.any(String) });
    }
    expect(asRecord((await call(simulator(), keys.agent, 'GET', '/meta')).body)['tool_icons']).toHaveProperty('current_time');
    expect((await call(simulator(), keys.chat, 'GET', '/meta')).body).toEqual({ tool_icons: {} });
  });

  it('renders JSON responses with Python json.dumps spacing, as Flask does', async () => {
    const response = await fetch(`${simulator().url}/site`, { headers: { Authorization: `Bearer ${keys.chat}` } });
    const raw = await response.text();
    expect(raw.startsWith('{"title": ')).toBe(true);
    expect(raw.endsWith('}\n')).toBe(true);
  });
});
