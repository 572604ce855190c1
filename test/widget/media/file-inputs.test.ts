import { describe, expect, it } from 'vitest';
import { describeApp } from '../../../widget/core/app-info.ts';
import { inputsPayload, validateInputs } from '../../../widget/core/inputs.ts';
import { classifyLink, fieldUploadRules, readUploadRules } from '../../../widget/media/upload-rules.ts';

const megabyte = 1024 * 1024;
const documentField = {
  variable: 'doc',
  label: 'Doc',
  required: true,
  allowed_file_types: ['document'],
  allowed_file_extensions: ['.PDF'],
  allowed_file_upload_methods: ['local_file', 'remote_url'],
};
const picturesField = {
  variable: 'imgs',
  label: 'Images',
  required: false,
  max_length: 5,
  allowed_file_types: ['image'],
  allowed_file_extensions: [],
  allowed_file_upload_methods: ['local_file'],
};
const parameters = {
  user_input_form: [{ file: documentField }, { 'file-list': picturesField }, { external_data_tool: { variable: 'crm', required: true } }],
  system_parameters: { image_file_size_limit: 2, file_size_limit: 15, workflow_file_upload_limit: 10 },
};
const uploaded = { type: 'document', transfer_method: 'local_file', upload_file_id: 'f-1' };
const picture = { type: 'image', transfer_method: 'local_file', upload_file_id: 'f-2' };

describe('file and file-list inputs of the form', () => {
  const app = describeApp({ mode: 'workflow' }, {}, parameters);

  it('are form fields, no longer unsupported; a file list’s max_length is a count, not a text limit', () => {
    expect(app.inputs.map((field) => [field.type, field.variable, field.required, field.maxLength])).toEqual([
      ['file', 'doc', true, undefined],
      ['file-list', 'imgs', false, undefined],
    ]);
    expect(app.unsupportedRequiredInputs).toEqual(['crm']);
  });

  it('block sending while a required one is empty, and are sent as Dify expects: a mapping, and a list of mappings', () => {
    expect(validateInputs(app.inputs, { doc: '', imgs: '' })).toEqual({ doc: 'required' });
    const values = { doc: JSON.stringify(uploaded), imgs: JSON.stringify([picture, picture]) };
    expect(validateInputs(app.inputs, values)).toEqual({});
    expect(inputsPayload(app.inputs, values, {})).toEqual({ doc: uploaded, imgs: [picture, picture] });
    // An empty optional list is left out, so Dify treats it as unset.
    expect(inputsPayload(app.inputs, { doc: JSON.stringify(uploaded), imgs: '' }, {})).toEqual({ doc: uploaded });
  });

  it('take their own types, extensions, methods and count; one file for `file`', () => {
    expect(fieldUploadRules(documentField, false, parameters)).toMatchObject({
      kinds: ['document'],
      extensions: ['pdf'],
      maxFiles: 1,
      methods: ['local_file', 'remote_url'],
    });
    expect(fieldUploadRules(picturesField, true, parameters)).toMatchObject({
      kinds: ['image'],
      maxFiles: 5,
      maxBytes: { image: 2 * megabyte },
    });
    // Nothing listed: any type and method, and the workflow's file limit for a list.
    expect(fieldUploadRules({}, true, parameters)).toMatchObject({
      kinds: ['image', 'document', 'audio', 'video'],
      maxFiles: 10,
      methods: ['local_file', 'remote_url'],
    });
  });
});

describe('a file from a link', () => {
  const rules = readUploadRules({
    file_upload: {
      enabled: true,
      allowed_file_types: ['image', 'document'],
      allowed_file_upload_methods: ['remote_url'],
      number_limits: 2,
    },
  });
  if (!rules) throw new Error('an app of links only has rules');

  it('takes an https link, typed by its extension', () => {
    expect(classifyLink('  https://cdn.example/cats/Tom.PNG?size=2  ', rules, 0)).toEqual({
      kind: 'image',
      url: 'https://cdn.example/cats/Tom.PNG?size=2',
    });
    expect(classifyLink('https://cdn.example/report.pdf', rules, 1)).toEqual({ kind: 'document', url: 'https://cdn.example/report.pdf' });
  });

  it('sends a link without an extension as the app’s first type', () => {
    expect(classifyLink('https://cdn.example/latest', rules, 0)).toEqual({ kind: 'image', url: 'https://cdn.example/latest' });
  });

  it('refuses what is not an https link, a link over 2048 characters, a type the app does not take and one too many', () => {
    for (const text of [
      'http://cdn.example/a.png',
      'javascript:alert(1)',
      'cdn.example/a.png',
      '',
      `https://cdn.example/${'a'.repeat(2048)}.png`,
    ])
      expect(classifyLink(text, rules, 0)).toEqual({ reason: 'link' });
    expect(classifyLink('https://cdn.example/song.mp3', rules, 0)).toEqual({ reason: 'type' });
    expect(classifyLink('https://cdn.example/a.png', rules, 2)).toEqual({ reason: 'count', limit: 2 });
  });
});
