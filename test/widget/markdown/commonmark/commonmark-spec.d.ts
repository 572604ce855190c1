// The package ships plain CommonJS without types; this is the part of it the harness reads.
declare module 'commonmark-spec' {
  /** One example of the spec: its markdown, the reference HTML, and where it sits in the spec. */
  export interface SpecExample {
    markdown: string;
    html: string;
    section: string;
    number: number;
  }
  export const tests: readonly SpecExample[];
}
