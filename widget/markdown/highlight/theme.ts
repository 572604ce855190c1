/**
 * Token colours for highlighted code, on `--dw-code-bg` over the answer bubble: every colour is at
 * least 4.5:1 (WCAG AA) against the default light and dark code backgrounds (measured on the
 * bubble and on the panel surface; GitHub's palettes, darkened or lightened where they fell short).
 */
export const highlightCss = `
.dw-md .hljs-keyword,.dw-md .hljs-selector-tag,.dw-md .hljs-template-tag,.dw-md .hljs-doctag,.dw-md .hljs-type{color:#a40e26}
.dw-md .hljs-string,.dw-md .hljs-regexp,.dw-md .hljs-meta .hljs-string{color:#0a3069}
.dw-md .hljs-number,.dw-md .hljs-literal,.dw-md .hljs-built_in,.dw-md .hljs-attr,.dw-md .hljs-attribute,.dw-md .hljs-variable,.dw-md .hljs-property,.dw-md .hljs-symbol,.dw-md .hljs-selector-attr,.dw-md .hljs-selector-class,.dw-md .hljs-selector-id,.dw-md .hljs-template-variable,.dw-md .hljs-operator{color:#0550ae}
.dw-md .hljs-title,.dw-md .hljs-section,.dw-md .hljs-selector-pseudo{color:#6639ba}
.dw-md .hljs-name,.dw-md .hljs-tag,.dw-md .hljs-quote,.dw-md .hljs-addition,.dw-md .hljs-bullet{color:#116329}
.dw-md .hljs-comment,.dw-md .hljs-code{color:#57606a}
.dw-md .hljs-comment,.dw-md .hljs-emphasis{font-style:italic}
.dw-md .hljs-strong,.dw-md .hljs-section{font-weight:600}
.dw-md .hljs-meta,.dw-md .hljs-params,.dw-md .hljs-subst{color:#953800}
.dw-md .hljs-deletion{color:#82071e}
@media (prefers-color-scheme:dark){
.dw-md .hljs-keyword,.dw-md .hljs-selector-tag,.dw-md .hljs-template-tag,.dw-md .hljs-doctag,.dw-md .hljs-type{color:#ff9492}
.dw-md .hljs-string,.dw-md .hljs-regexp,.dw-md .hljs-meta .hljs-string{color:#a5d6ff}
.dw-md .hljs-number,.dw-md .hljs-literal,.dw-md .hljs-built_in,.dw-md .hljs-attr,.dw-md .hljs-attribute,.dw-md .hljs-variable,.dw-md .hljs-property,.dw-md .hljs-symbol,.dw-md .hljs-selector-attr,.dw-md .hljs-selector-class,.dw-md .hljs-selector-id,.dw-md .hljs-template-variable,.dw-md .hljs-operator{color:#79c0ff}
.dw-md .hljs-title,.dw-md .hljs-section,.dw-md .hljs-selector-pseudo{color:#d2a8ff}
.dw-md .hljs-name,.dw-md .hljs-tag,.dw-md .hljs-quote,.dw-md .hljs-addition,.dw-md .hljs-bullet{color:#7ee787}
.dw-md .hljs-comment,.dw-md .hljs-code{color:#b1bac4}
.dw-md .hljs-meta,.dw-md .hljs-params,.dw-md .hljs-subst{color:#ffa657}
.dw-md .hljs-deletion{color:#ffa198}
}
@media (forced-colors:active){.dw-md [class^="hljs-"]{color:CanvasText}}
`;
