/**
 * Styles for everything `Markdown` renders, scoped under its `.dw-md` root. Colours come from the
 * widget's custom properties (tokens.css, always adopted with these styles).
 * Answers sit inside the message list (an `<ol>` without markers), and list-style-type inherits:
 * lists get their document bullets back explicitly. Table cells keep words whole (the root breaks
 * anywhere, for long URLs in text); a wide table scrolls sideways inside `.dw-md-table` instead.
 */
export const markdownCss = `
.dw-md{color:var(--dw-text);line-height:1.5;overflow-wrap:anywhere;word-break:normal}
.dw-md>:first-child{margin-top:0}
.dw-md>:last-child{margin-bottom:0}
.dw-md p,.dw-md ul,.dw-md ol,.dw-md blockquote,.dw-md .dw-md-code,.dw-md .dw-md-table{margin:0 0 .75em}
.dw-md h1,.dw-md h2,.dw-md h3,.dw-md h4,.dw-md h5,.dw-md h6{margin:1em 0 .5em;line-height:1.25;font-weight:600}
.dw-md h1{font-size:1.4em}.dw-md h2{font-size:1.25em}.dw-md h3{font-size:1.1em}
.dw-md h4,.dw-md h5,.dw-md h6{font-size:1em}
.dw-md ul,.dw-md ol{padding-inline-start:1.5em}
.dw-md ul{list-style:disc}.dw-md ul ul{list-style-type:circle}.dw-md ol{list-style:decimal}
.dw-md li+li,.dw-md li>ul,.dw-md li>ol{margin-top:.25em}
.dw-md li>ul,.dw-md li>ol{margin-bottom:0}
.dw-md li>p{margin:0 0 .5em}
.dw-md .dw-md-task{list-style:none}
.dw-md .dw-md-checkbox{margin-inline-start:-1.3em;display:inline-block;width:1.3em}
.dw-md a{color:var(--dw-link,var(--dw-primary,#0969da));text-decoration:underline;text-underline-offset:2px}
.dw-md a:focus-visible,.dw-md .dw-md-copy:focus-visible,.dw-md pre:focus-visible,.dw-md .dw-md-table:focus-visible{outline:2px solid var(--dw-primary,#0969da);outline-offset:2px}
.dw-md .dw-md-image-link::before{content:"\\1F5BC\\FE0E\\0020"}
.dw-md .dw-md-think{margin:0 0 .75em;color:var(--dw-muted)}.dw-md summary{cursor:pointer}
.dw-md blockquote,.dw-md .dw-md-think-body{padding:0 .85em;border-inline-start:.25em solid var(--dw-border);color:var(--dw-muted)}
.dw-md hr{height:1px;border:0;background:var(--dw-border);margin:1em 0}
.dw-md code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.dw-md .dw-md-code-inline{padding:.1em .35em;border-radius:4px;background:var(--dw-code-bg)}
.dw-md .dw-md-code{border:1px solid var(--dw-border);border-radius:6px;background:var(--dw-code-bg);overflow:hidden}
.dw-md .dw-md-code-bar{display:flex;align-items:center;justify-content:space-between;gap:.5em;padding:.2em .3em .2em .75em;font-size:.8em;color:var(--dw-muted);border-bottom:1px solid var(--dw-border)}
.dw-md .dw-md-copy{font:inherit;color:inherit;background:transparent;border:1px solid transparent;border-radius:4px;padding:.15em .5em;cursor:pointer}
.dw-md .dw-md-copy:hover{border-color:var(--dw-border)}
.dw-md pre{margin:0;padding:.75em;overflow-x:auto;white-space:pre;tab-size:4}
.dw-md .dw-md-table{overflow-x:auto}
.dw-md table{border-collapse:collapse;font-size:.95em}
.dw-md th,.dw-md td{border:1px solid var(--dw-border);padding:.3em .6em;text-align:start;vertical-align:top;overflow-wrap:normal}
.dw-md th{font-weight:600;background:var(--dw-code-bg)}
.dw-md .dw-md-align-left{text-align:left}.dw-md .dw-md-align-center{text-align:center}.dw-md .dw-md-align-right{text-align:right}
@media (forced-colors:active){.dw-md .dw-md-copy{border-color:ButtonText}}
`;
