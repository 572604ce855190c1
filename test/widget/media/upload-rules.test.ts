import { describe, expect, it } from 'vitest';
import { acceptList, classifyFile, readUploadRules, type UploadRules } from '../../../widget/media/upload-rules.ts';

const megabyte = 1024 * 1024;
const systemParameters = { image_file_size_limit: 10, video_file_size_limit: 100, audio_file_size_limit: 50, file_size_limit: 15 };

describe('upload rules from /parameters', () => {
  it('reads the current file_upload shape: types, extensions, count and the size limits of system_parameters', () => {
    const rules = readUploadRules({
      file_upload: {
        enabled: true,
        allowed_file_types: ['image', 'document', 'custom', 'spreadsheet'],
        allowed_file_extensions: ['.MD', 'log'],
        allowed_file_upload_methods: ['local_file', 'remote_url'],
        number_limits: 5,
      },
      system_parameters: { ...systemParameters, image_file_size_limit: '4' },
    });
    expect(rules).toEqual({
      kinds: ['image', 'document', 'custom'],
      extensions: ['md', 'log'],
      maxFiles: 5,
      maxBytes: { image: 4 * megabyte, video: 100 * megabyte, audio: 50 * megabyte, document: 15 * megabyte, custom: 15 * megabyte },
      methods: ['local_file', 'remote_url'],
    });
  });

  it('reads the legacy image block of an app whose uploads were never configured otherwise', () => {
    const rules = readUploadRules({ file_upload: { image: { enabled: true, number_limits: 2, transfer_methods: ['local_file'] } } });
    expect(rules).toMatchObject({ kinds: ['image'], maxFiles: 2, maxBytes: { image: 10 * megabyte } });
  });

  it('offers nothing when uploads are off or name no method it knows; an app of links only has rules with just remote_url', () => {
    expect(readUploadRules({})).toBeUndefined();
    expect(readUploadRules({ file_upload: { image: { enabled: false, transfer_methods: ['local_file'] } } })).toBeUndefined();
    expect(
      readUploadRules({ file_upload: { enabled: true, allowed_file_types: ['image'], allowed_file_upload_methods: ['tool_file'] } }),
    ).toBeUndefined();
    expect(
      readUploadRules({ file_upload: { enabled: true, allowed_file_types: ['image'], allowed_file_upload_methods: ['remote_url'] } })
        ?.methods,
    ).toEqual(['remote_url']);
  });
});

describe('checking a file before it is uploaded', () => {
  const rules: UploadRules = {
    kinds: ['image', 'custom'],
    extensions: ['log'],
    maxFiles: 2,
    maxBytes: { image: 1 * megabyte, video: 100 * megabyte, audio: 50 * megabyte, document: 15 * megabyte, custom: 2 * megabyte },
    methods: ['local_file', 'remote_url'],
  };

  it('sends a file as the Dify type of its extension group, or as custom when the app lists its extension', () => {
    expect(classifyFile({ name: 'Photo.JPG', size: 10 }, rules, 0)).toEqual({ kind: 'image' });
    expect(classifyFile({ name: 'server.log', size: 10 }, rules, 0)).toEqual({ kind: 'custom' });
  });

  it('refuses a type the app does not take', () => {
    expect(classifyFile({ name: 'report.pdf', size: 10 }, rules, 0)).toEqual({ reason: 'type' });
    expect(classifyFile({ name: 'no-extension', size: 10 }, rules, 0)).toEqual({ reason: 'type' });
  });

  it('refuses a file over the limit of its group, in MB as Dify states it', () => {
    expect(classifyFile({ name: 'big.png', size: megabyte + 1 }, rules, 0)).toEqual({ reason: 'size', limitMb: 1 });
    expect(classifyFile({ name: 'big.png', size: megabyte }, rules, 0)).toEqual({ kind: 'image' });
    expect(classifyFile({ name: 'big.log', size: 3 * megabyte }, rules, 0)).toEqual({ reason: 'size', limitMb: 2 });
  });

  it('refuses a file beyond the number a message may carry', () => {
    expect(classifyFile({ name: 'c.png', size: 10 }, rules, 2)).toEqual({ reason: 'count', limit: 2 });
  });

  it('lists every extension the app takes for the file picker', () => {
    expect(acceptList(rules)).toBe('.jpg,.jpeg,.png,.webp,.gif,.svg,.log');
  });
});
