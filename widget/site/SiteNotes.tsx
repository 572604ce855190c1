import type { JsonRecord } from '../core/guards.ts';
import { readString } from '../core/guards.ts';
import { catalogue } from '../i18n/catalogue.ts';
import { safeHref } from '../markdown/safe-url.ts';
import { useShadowStyles } from '../ui/lazy-styles.ts';
import siteCss from './site.css?inline';

/** `/site` `privacy_policy` as a link target: an absolute http(s) URL, never `javascript:` or a relative path. */
function privacyLink(site: JsonRecord): string | undefined {
  const href = safeHref(readString(site, 'privacy_policy') ?? '');
  return href && /^https?:/.test(href) ? href : undefined;
}

/**
 * The line under the composer: the app's `/site` disclaimer, copyright and privacy policy link (dify-api.md
 * §10.4). Its own chunk, fetched only for apps that set one of them.
 */
export function SiteNotes({ site }: { site: JsonRecord }) {
  const ref = useShadowStyles<HTMLParagraphElement>(siteCss);
  const copyright = readString(site, 'copyright');
  const privacy = privacyLink(site);
  const disclaimer = readString(site, 'custom_disclaimer');
  if (!disclaimer && !copyright && !privacy) return null;
  return (
    <p class="dw-site-notes" part="site-notes" dir="auto" ref={ref}>
      {disclaimer}
      {copyright && ` © ${copyright}`}
      {privacy && (
        <>
          {' '}
          <a href={privacy} target="_blank" rel="noopener noreferrer">
            {catalogue.value.privacy}
          </a>
        </>
      )}
    </p>
  );
}
