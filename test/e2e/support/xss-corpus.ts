/**
 * Model output that tries to run script in the visitor's page. Each vector, if it ever executes,
 * sets `top.__xssCanary` to its own id (or opens a dialog), so a failure names the vector that got
 * through. The simulator's `echo:` script streams these back verbatim as the "answer".
 */
export interface XssVector {
  id: string;
  /** What the vector tries; shows up in failure messages. */
  technique: string;
  /** The exact text the model "says". */
  output: string;
}

const canary = (id: string): string => `top.__xssCanary='${id}'`;

export const xssCorpus: readonly XssVector[] = [
  { id: 'script-tag', technique: 'plain script element', output: `<script>${canary('script-tag')}</script>` },
  {
    id: 'script-data-src',
    technique: 'script with a data: src, upper case',
    output: `<SCRIPT SRC="data:text/javascript,${canary('script-data-src')}"></SCRIPT>`,
  },
  { id: 'img-onerror', technique: 'event handler on a broken image', output: `<img src=x onerror="${canary('img-onerror')}">` },
  {
    id: 'img-mixed-case',
    technique: 'mixed-case tag and handler, unquoted',
    output: `<IMG SRC=x OnErRoR=${canary('img-mixed-case')}>`,
  },
  {
    id: 'img-entity-handler',
    technique: 'handler body hidden behind character entities',
    output: `<img src="x" onerror="&#x74;op.__xssCanary='img-entity-handler'">`,
  },
  { id: 'svg-onload', technique: 'SVG onload', output: `<svg onload="${canary('svg-onload')}"></svg>` },
  { id: 'svg-script', technique: 'script inside SVG', output: `<svg><script>${canary('svg-script')}</script></svg>` },
  {
    id: 'svg-xlink',
    technique: 'SVG anchor with javascript: xlink:href',
    output: `<svg><a xlink:href="javascript:${canary('svg-xlink')}"><text y="20">svg link</text></a></svg>`,
  },
  {
    id: 'svg-animate',
    technique: 'SMIL animation onbegin',
    output: `<svg><animate onbegin="${canary('svg-animate')}" attributeName="x" dur="1s"></animate></svg>`,
  },
  { id: 'iframe-js', technique: 'iframe with javascript: src', output: `<iframe src="javascript:${canary('iframe-js')}"></iframe>` },
  {
    id: 'iframe-srcdoc',
    technique: 'iframe srcdoc',
    output: `<iframe srcdoc="<script>parent.__xssCanary='iframe-srcdoc'</script>"></iframe>`,
  },
  {
    id: 'object-data',
    technique: 'object with data: HTML',
    output: `<object data="data:text/html,<script>top.__xssCanary='object-data'</script>"></object>`,
  },
  {
    id: 'embed-data',
    technique: 'embed with data: HTML',
    output: `<embed src="data:text/html;base64,PHNjcmlwdD50b3AuX194c3NDYW5hcnk9J2VtYmVkLWRhdGEnPC9zY3JpcHQ+">`,
  },
  { id: 'md-js-link', technique: 'markdown link to javascript:', output: `[markdown js link](javascript:${canary('md-js-link')})` },
  {
    id: 'md-js-case',
    technique: 'markdown link, mixed-case scheme',
    output: `[mixed case](JaVaScRiPt:${canary('md-js-case')})`,
  },
  {
    id: 'md-js-entity',
    technique: 'markdown link, scheme spelled with entities',
    output: `[entity scheme](&#106;avascript:${canary('md-js-entity')})`,
  },
  {
    id: 'md-js-whitespace',
    technique: 'markdown link, tab entity inside the scheme and leading spaces',
    output: `[tab in scheme](<  jav&#x09;ascript:${canary('md-js-whitespace')}>)`,
  },
  {
    id: 'md-js-percent',
    technique: 'markdown link, percent-encoded colon',
    output: `[percent colon](javascript%3A${canary('md-js-percent')})`,
  },
  {
    id: 'md-data-link',
    technique: 'markdown link to data: HTML',
    output: '[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  },
  { id: 'md-vbscript', technique: 'markdown link to vbscript:', output: '[vb link](vbscript:msgbox(1))' },
  {
    id: 'md-reference-link',
    technique: 'reference-style markdown link to javascript:',
    output: `[reference link][evil]\n\n[evil]: javascript:${canary('md-reference-link')}`,
  },
  { id: 'md-autolink-js', technique: 'autolink with javascript: scheme', output: `<javascript:${canary('md-autolink-js')}>` },
  { id: 'md-image-js', technique: 'markdown image with javascript: src', output: `![js image](javascript:${canary('md-image-js')})` },
  {
    id: 'md-image-attribute-break',
    technique: 'markdown image whose URL tries to break out of the attribute',
    output: `![quote break](x" onerror="${canary('md-image-attribute-break')})`,
  },
  {
    id: 'html-a-js',
    technique: 'HTML anchor to javascript:',
    output: `<a href="javascript:${canary('html-a-js')}">html js link</a>`,
  },
  {
    id: 'html-a-control-chars',
    technique: 'HTML anchor, control characters before the scheme',
    output: `<a href=" &#14;  javascript:${canary('html-a-control-chars')}">control chars</a>`,
  },
  {
    id: 'html-a-padded-entities',
    technique: 'HTML anchor, scheme as zero-padded decimal entities without semicolons',
    output:
      '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058top.__xssCanary=1">padded</a>',
  },
  {
    id: 'html-a-data',
    technique: 'HTML anchor to data: HTML',
    output: `<a href="data:text/html,<script>top.__xssCanary='html-a-data'</script>">data anchor</a>`,
  },
  {
    id: 'html-onclick',
    technique: 'safe URL but with click and hover handlers',
    output: `<a href="https://ok.example/" onclick="${canary('html-onclick')}" onmouseover="${canary('html-onclick')}">hover me</a>`,
  },
  {
    id: 'style-url',
    technique: 'style attribute with a javascript: url',
    output: `<div style="background:url(javascript:${canary('style-url')})">styled div</div>`,
  },
  {
    id: 'style-element',
    technique: 'style element that would restyle the widget or page',
    output: '<style>*{display:none!important} :host{display:none!important} body{background:red!important}</style>',
  },
  {
    id: 'link-stylesheet',
    technique: 'stylesheet link',
    output: '<link rel="stylesheet" href="data:text/css,*{display:none!important}">',
  },
  {
    id: 'mxss-math',
    technique: 'mutation XSS through MathML namespace confusion',
    output: `<math><mtext><table><mglyph><style><img src=x onerror="${canary('mxss-math')}">`,
  },
  {
    id: 'mxss-noscript',
    technique: 'mutation XSS through noscript parsing',
    output: `<noscript><p title="</noscript><img src=x onerror=${canary('mxss-noscript')}>">`,
  },
  {
    id: 'details-ontoggle',
    technique: 'details ontoggle fires without interaction',
    output: `<details open ontoggle="${canary('details-ontoggle')}">x</details>`,
  },
  { id: 'input-autofocus', technique: 'autofocus + onfocus', output: `<input autofocus onfocus="${canary('input-autofocus')}">` },
  {
    id: 'form-action',
    technique: 'form posting to javascript:',
    output: `<form action="javascript:${canary('form-action')}"><button formaction="javascript:${canary('form-action')}">submit</button></form>`,
  },
  {
    id: 'meta-refresh',
    technique: 'meta refresh to javascript:',
    output: `<meta http-equiv="refresh" content="0;url=javascript:${canary('meta-refresh')}">`,
  },
  { id: 'base-href', technique: 'base element hijacking relative URLs', output: '<base href="javascript:/">[relative](/x)' },
  {
    id: 'broken-nesting',
    technique: 'broken markdown nesting around a javascript: link',
    output: `**[bold *link](javascript:${canary('broken-nesting')})* unclosed** [a](https://ok.example/[b](javascript:${canary('broken-nesting')}))`,
  },
  {
    id: 'code-span',
    technique: 'HTML inside a code span must stay text',
    output: `\`<img src=x onerror=${canary('code-span')}>\``,
  },
  {
    id: 'code-fence',
    technique: 'script inside a fenced block must stay text',
    output: `\`\`\`html\n<script>${canary('code-fence')}</script>\n\`\`\``,
  },
  {
    id: 'body-onload',
    technique: 'body element with onload',
    output: `<body onload="${canary('body-onload')}"><marquee onstart="${canary('body-onload')}">m</marquee>`,
  },
  {
    id: 'video-source-onerror',
    technique: 'media source onerror',
    output: `<video><source onerror="${canary('video-source-onerror')}"></video><audio src=x onerror="${canary('video-source-onerror')}"></audio>`,
  },
];

/** Benign content rendered with the corpus, so the test can tell "rendered safely" from "rendered nothing". */
export const xssControls = {
  safeLinkText: 'safe link control',
  safeLinkUrl: 'https://example.com/docs',
  mailText: 'mail control',
  mailUrl: 'mailto:someone@example.com',
} as const;

export const xssControlOutput = `[${xssControls.safeLinkText}](${xssControls.safeLinkUrl}) and [${xssControls.mailText}](${xssControls.mailUrl})`;
