/** One variable of an app's input form, as `/parameters.user_input_form` describes it (§10.1). */
type FormFieldType = 'text-input' | 'paragraph' | 'select' | 'number' | 'checkbox' | 'json_object';

export interface FormField {
  type: FormFieldType;
  variable: string;
  label: string;
  required: boolean;
  max_length?: number;
  options?: string[];
  default?: string | number | boolean;
  /** `VariableEntity.hide`: the field is filled from its default, not shown to the visitor. */
  hide?: boolean;
}
