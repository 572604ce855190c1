/** Dify's file factory for `file` and `file-list` inputs (§4.1): `build_from_mapping` with the field's own config. */
import { invalidParam } from './errors.ts';
import type { InputFileCheck } from './input-form.ts';
import { resolveMapping } from './payload.ts';
import type { SimulatorStore } from './store.ts';
import type { SimulatedApp } from './types.ts';

/**
 * Checks a file input's mapping as `build_from_mapping` does with the field's `FileUploadConfig`
 * (`is_file_valid_with_config`): the file must exist (its own errors), its declared `type` (`custom` when
 * missing) must be one the field lists, a custom file needs one of the field's extensions, and a non-image
 * must come by one of the field's methods (images are checked against the image config, which inputs have none of).
 * Otherwise 400 `File validation failed for file: <name>`.
 */
export function inputFileCheck(app: SimulatedApp, store: SimulatorStore, baseUrl: string): InputFileCheck {
  return (field, mapping) => {
    const file = resolveMapping(mapping, app, store, baseUrl);
    const declared = typeof mapping['type'] === 'string' && mapping['type'] !== '' ? mapping['type'] : 'custom';
    const types = field.allowed_file_types ?? [];
    const methods = field.allowed_file_upload_methods ?? [];
    const dot = file.filename.lastIndexOf('.');
    const extension = dot < 0 ? '' : file.filename.slice(dot).toLowerCase();
    const valid =
      (types.length === 0 || types.includes(declared) || declared === 'custom') &&
      (declared !== 'custom' || (field.allowed_file_extensions ?? []).includes(extension)) &&
      (declared === 'image' || methods.length === 0 || methods.includes(file.transfer_method));
    if (!valid) throw invalidParam(`File validation failed for file: ${file.filename}`);
  };
}
