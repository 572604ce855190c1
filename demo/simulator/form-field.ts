/** One variable of an app's input form, as `/parameters.user_input_form` describes it (§10.1). */
type FormFieldType = 'text-input' | 'paragraph' | 'select' | 'number' | 'checkbox' | 'json_object' | 'file' | 'file-list';

export interface FormField {
  type: FormFieldType;
  variable: string;
  label: string;
  required: boolean;
  /** Characters of a text; files of a `file-list`. */
  max_length?: number;
  options?: string[];
  default?: string | number | boolean;
  /** `VariableEntity.hide`: the field is filled from its default, not shown to the visitor. */
  hide?: boolean;
  /** A file input's own rules (`VariableEntity`, §10.1); extensions with their dot, as Dify stores them. */
  allowed_file_types?: string[];
  allowed_file_extensions?: string[];
  allowed_file_upload_methods?: string[];
}
